# Start, stop and poke the Alloy emulator from PowerShell (demo, bench, Pester), from the repository or as the
# companion module AlloyShopifySlack.Emulator that `build.ps1 package` lays out for users to rehearse offline.
# The emulator is a child process on 127.0.0.1 and an ephemeral port; admin calls go to its /_emulator/ endpoints.

Set-StrictMode -Version Latest
$script:LastEmulator = $null

function Find-EmulatorDll {
    param([string] $Root, [string] $Configuration)
    # Packaged as the AlloyShopifySlack.Emulator module (build.ps1 package), the emulator sits in bin/ beside this file.
    $packaged = Join-Path $PSScriptRoot 'bin/AlloyShopifySlack.Emulator.dll'
    if (Test-Path $packaged) { return $packaged }
    $configurations = if ($Configuration) { @($Configuration) } else { @('Release', 'Debug') }
    $candidates = foreach ($c in $configurations) {
        $path = Join-Path $Root "src/AlloyShopifySlack.Emulator/bin/$c/net10.0/AlloyShopifySlack.Emulator.dll"
        if (Test-Path $path) { Get-Item $path }
    }
    # Without a configuration the newest build wins, so that a fresh Debug build is not shadowed by an old Release one.
    $found = $candidates | Sort-Object LastWriteTimeUtc -Descending | Select-Object -First 1
    if (-not $found) {
        throw "The emulator is not built. Run 'dotnet pwsh ./build.ps1 build' (or dotnet build src/AlloyShopifySlack.Emulator -c $(if ($Configuration) { $Configuration } else { 'Release' }))."
    }
    $found.FullName
}

function Start-AlloyEmulator {
    <#
    .SYNOPSIS
        Starts the Alloy emulator as a child process on 127.0.0.1 and returns its address, key and tenant ids.
    .EXAMPLE
        $emu = Start-AlloyEmulator -OrderCount 1000 -SlackRate 1 -SlackBurst 5
        try { ... $emu.BaseUri ... } finally { $emu | Stop-AlloyEmulator }
    #>
    [CmdletBinding()]
    param(
        [string] $Root = (Resolve-Path (Join-Path $PSScriptRoot '..')).Path,
        [ValidateSet('Debug', 'Release')] [string] $Configuration,
        [int] $OrderCount,
        [int] $OrderDays,
        [int] $Seed,
        [string] $ApiKey,
        [datetimeoffset] $Now,
        [double] $SlackRate,
        [int] $SlackBurst,
        [switch] $NoSlackRateLimit,
        [int] $LatencyMs,
        [ValidateSet('responseData', 'successResult')] [string] $Envelope,
        [ValidateSet('all', 'connector', 'user', 'embedded')] [string] $CredentialList,
        [ValidateSet('shopName', 'subdomain', 'shopSubdomain')] [string] $StoreField,
        [ValidateSet('none', 'credentialId')] [string] $OAuthCallback,
        [switch] $NoCursors,
        [switch] $NoThrottling,
        [double] $RestoreRate,
        [switch] $ThrottleAs429,
        # Further raw arguments for the emulator (see its --help).
        [string[]] $ArgumentList = @(),
        [int] $TimeoutSeconds = 60
    )
    $dll = Find-EmulatorDll -Root $Root -Configuration $Configuration
    $arguments = [System.Collections.Generic.List[string]]::new()
    $arguments.AddRange([string[]]@($dll, '--urls', 'http://127.0.0.1:0'))
    $invariant = [cultureinfo]::InvariantCulture
    $map = @{
        OrderCount = '--orders'; OrderDays = '--days'; Seed = '--seed'; ApiKey = '--api-key'; SlackRate = '--slack-rate'
        SlackBurst = '--slack-burst'; LatencyMs = '--latency-ms'; Envelope = '--envelope'; CredentialList = '--credential-list'
        StoreField = '--store-field'; OAuthCallback = '--oauth-callback'; RestoreRate = '--restore-rate'
    }
    foreach ($name in $map.Keys) {
        if ($PSBoundParameters.ContainsKey($name)) { $arguments.Add($map[$name]); $arguments.Add([string]::Format($invariant, '{0}', $PSBoundParameters[$name])) }
    }
    if ($PSBoundParameters.ContainsKey('Now')) { $arguments.Add('--now'); $arguments.Add($Now.ToString('o', $invariant)) }
    if ($NoSlackRateLimit) { $arguments.Add('--no-slack-rate-limit') }
    if ($NoCursors) { $arguments.Add('--no-cursors') }
    if ($NoThrottling) { $arguments.Add('--no-throttling') }
    if ($ThrottleAs429) { $arguments.Add('--throttle-429') }
    $arguments.AddRange([string[]]$ArgumentList)

    $info = [System.Diagnostics.ProcessStartInfo]::new('dotnet')
    foreach ($a in $arguments) { $info.ArgumentList.Add($a) }
    $info.RedirectStandardOutput = $true
    $info.UseShellExecute = $false
    $info.Environment['DOTNET_CLI_TELEMETRY_OPTOUT'] = '1'
    $info.Environment.Remove('ASPNETCORE_URLS') | Out-Null
    $process = [System.Diagnostics.Process]::Start($info)
    try {
        $deadline = [datetime]::UtcNow.AddSeconds($TimeoutSeconds)
        $baseUri = $null
        $tenant = $null
        while (-not $tenant) {
            $read = $process.StandardOutput.ReadLineAsync()
            $remaining = [int][math]::Max(0, ($deadline - [datetime]::UtcNow).TotalMilliseconds)
            if (-not $read.Wait($remaining)) { throw "The Alloy emulator did not report its address within $TimeoutSeconds s." }
            $line = $read.Result
            if ($null -eq $line) { throw "The Alloy emulator exited (code $(if ($process.HasExited) { $process.ExitCode } else { '?' })) before reporting its address. Arguments: $($arguments -join ' ')" }
            if ($line -match '^Alloy emulator listening on (http://127\.0\.0\.1:\d+)') { $baseUri = $Matches[1] }
            elseif ($baseUri -and $line.StartsWith('{')) { $tenant = $line | ConvertFrom-Json }
        }
    }
    catch {
        if (-not $process.HasExited) { $process.Kill($true) }
        $process.Dispose()
        throw
    }
    $emulator = [pscustomobject]@{
        PSTypeName               = 'AlloyShopifySlack.EmulatorInstance'
        BaseUri                  = $tenant.baseUri
        ApiKey                   = $tenant.apiKey
        UserId                   = $tenant.userId
        Username                 = $tenant.username
        ShopifyCredentialId      = $tenant.shopifyCredentialId
        SlackCredentialId        = $tenant.slackCredentialId
        GoogleSheetsCredentialId = $tenant.googleSheetsCredentialId
        ChannelId                = $tenant.channelId
        ChannelIds               = @($tenant.channelIds)
        NotMemberChannelId       = $tenant.notMemberChannelId
        StoreDomain              = $tenant.storeDomain
        SpreadsheetId            = $tenant.spreadsheetId
        OrderCount               = $tenant.orderCount
        Process                  = $process
    }
    $script:LastEmulator = $emulator
    $emulator
}

function Stop-AlloyEmulator {
    <# .SYNOPSIS Stops an emulator started by Start-AlloyEmulator (and its process tree). #>
    [CmdletBinding()]
    param([Parameter(ValueFromPipeline)] $Emulator = $script:LastEmulator)
    process {
        if (-not $Emulator) { return }
        $process = $Emulator.Process
        # Not disposed: callers may still ask HasExited or ExitCode; stopping twice is harmless.
        if ($process -and -not $process.HasExited) {
            try { $process.Kill($true) } catch [System.InvalidOperationException] { }
            $null = $process.WaitForExit(10000)
        }
        if ($script:LastEmulator -eq $Emulator) { $script:LastEmulator = $null }
    }
}

function Get-AlloyEmulatorEnvironment {
    <# .SYNOPSIS The module's environment variables (contract names) pointing at the emulator, as a hashtable. #>
    [CmdletBinding()]
    param([Parameter(ValueFromPipeline)] $Emulator = $script:LastEmulator)
    process {
        [ordered]@{
            ALLOY_BASE_URL               = $Emulator.BaseUri
            ALLOY_API_KEY                = $Emulator.ApiKey
            ALLOY_USER_ID                = $Emulator.UserId
            SHOPIFY_CREDENTIAL_ID        = $Emulator.ShopifyCredentialId
            SLACK_CREDENTIAL_ID          = $Emulator.SlackCredentialId
            SLACK_CHANNEL_ID             = $Emulator.ChannelId
            SHOPIFY_STORE_DOMAIN         = $Emulator.StoreDomain
            GOOGLE_SHEETS_CREDENTIAL_ID  = $Emulator.GoogleSheetsCredentialId
            GOOGLE_SHEETS_SPREADSHEET_ID = $Emulator.SpreadsheetId
        }
    }
}

function Invoke-EmulatorAdmin {
    param($Emulator, [string] $Method, [string] $Path, $Body, [hashtable] $Query)
    if (-not $Emulator) { throw 'No emulator: start one with Start-AlloyEmulator or pass -Emulator.' }
    $uri = "$($Emulator.BaseUri)/_emulator/$Path"
    if ($Query) {
        $pairs = foreach ($k in $Query.Keys) { if ($null -ne $Query[$k]) { "$k=$([uri]::EscapeDataString([string]$Query[$k]))" } }
        if ($pairs) { $uri += '?' + ($pairs -join '&') }
    }
    $parameters = @{ Method = $Method; Uri = $uri }
    if ($null -ne $Body) { $parameters.Body = ($Body | ConvertTo-Json -Depth 20 -Compress); $parameters.ContentType = 'application/json' }
    Invoke-RestMethod @parameters
}

function Get-AlloyEmulatorMessages {
    <# .SYNOPSIS Messages the emulator's Slack holds (one channel, or all), oldest first. #>
    [CmdletBinding()]
    param([string] $Channel, $Emulator = $script:LastEmulator)
    (Invoke-EmulatorAdmin $Emulator GET 'slack/messages' -Query @{ channel = $Channel }).messages
}

function Get-AlloyEmulatorStats {
    [CmdletBinding()]
    param($Emulator = $script:LastEmulator)
    Invoke-EmulatorAdmin $Emulator GET 'stats'
}

function Reset-AlloyEmulator {
    [CmdletBinding()]
    param($Emulator = $script:LastEmulator)
    $null = Invoke-EmulatorAdmin $Emulator POST 'reset'
}

# Orders, faults and settings; the sheet rows and the button clicks.
. (Join-Path $PSScriptRoot 'Emulator.Admin.ps1')

# Orders changed after they were placed, and Slack messages changed by hand (follow-ups, coverage).
. (Join-Path $PSScriptRoot 'Emulator.Lifecycle.ps1')

Export-ModuleMember -Function Start-AlloyEmulator, Stop-AlloyEmulator, Get-AlloyEmulatorEnvironment, Get-AlloyEmulatorMessages,
    Get-AlloyEmulatorStats, Reset-AlloyEmulator, Add-AlloyEmulatorOrder, Set-AlloyEmulatorFault, Clear-AlloyEmulatorFault,
    Set-AlloyEmulatorConfig, Get-AlloyEmulatorSheetRows, Invoke-AlloyEmulatorClick, Update-AlloyEmulatorOrder, Remove-AlloyEmulatorMessage
