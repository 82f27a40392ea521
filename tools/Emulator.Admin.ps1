# Part of Emulator.psm1 (dot-sourced there): the scenario controls a test or a demo sets on the emulator (orders,
# faults, configuration) and what it reads back or does as a user (sheet rows, a click on a button).

function Add-AlloyEmulatorOrder {
    <#
    .SYNOPSIS Adds generated orders (created now, or at -CreatedAt, a second apart); the other parameters fix what a test needs.
    .EXAMPLE Add-AlloyEmulatorOrder -Count 3 -Total 1500 -CustomerName '<!channel> & Co'
    #>
    [CmdletBinding()]
    param(
        [int] $Count = 1, [datetimeoffset] $CreatedAt, [decimal] $Total, [string] $CustomerName, [switch] $Guest,
        [switch] $Test, [switch] $Cancelled, [string[]] $Tags, [string] $PresentmentCurrency, [decimal] $PresentmentTotal,
        $Emulator = $script:LastEmulator
    )
    $body = @{ count = $Count }
    if ($PSBoundParameters.ContainsKey('CreatedAt')) { $body.createdAt = $CreatedAt.ToUniversalTime().ToString('o', [cultureinfo]::InvariantCulture) }
    foreach ($name in 'Total', 'CustomerName', 'PresentmentCurrency', 'PresentmentTotal') {
        if ($PSBoundParameters.ContainsKey($name)) { $body[$name.Substring(0, 1).ToLowerInvariant() + $name.Substring(1)] = $PSBoundParameters[$name] }
    }
    if ($Guest) { $body.guest = $true }
    if ($Test) { $body.test = $true }
    if ($Cancelled) { $body.cancelled = $true }
    if ($PSBoundParameters.ContainsKey('Tags')) { $body.tags = @($Tags) }
    Invoke-EmulatorAdmin $Emulator POST 'shopify/orders' $body
}

function Set-AlloyEmulatorFault {
    <#
    .SYNOPSIS Injects a fault: Latency, HttpError, Ambiguous, MalformedJson, TruncatedJson, RevokedKey, RateLimit, SlackError.
    .EXAMPLE Set-AlloyEmulatorFault -Kind Ambiguous -Action chat_postMessage -Count 3
    #>
    [CmdletBinding()]
    param(
        [Parameter(Mandatory)] [ValidateSet('Latency', 'HttpError', 'Ambiguous', 'MalformedJson', 'TruncatedJson', 'RevokedKey', 'RateLimit', 'SlackError')] [string] $Kind,
        [string] $Action, [string] $Channel, [int] $Count, [double] $Probability = 1.0, [int] $LatencyMs, [int] $StatusCode,
        [int] $RetryAfterSeconds, [switch] $RetryAfterAsDate, [string] $SlackError,
        $Emulator = $script:LastEmulator
    )
    $rule = @{ kind = $Kind; probability = $Probability }
    foreach ($name in 'Action', 'Channel', 'Count', 'LatencyMs', 'StatusCode', 'RetryAfterSeconds', 'SlackError') {
        if ($PSBoundParameters.ContainsKey($name)) { $rule[$name.Substring(0, 1).ToLowerInvariant() + $name.Substring(1)] = $PSBoundParameters[$name] }
    }
    if ($RetryAfterAsDate) { $rule.retryAfterAsDate = $true }
    Invoke-EmulatorAdmin $Emulator POST 'faults' $rule
}

function Clear-AlloyEmulatorFault {
    [CmdletBinding()]
    param($Emulator = $script:LastEmulator)
    $null = Invoke-EmulatorAdmin $Emulator DELETE 'faults'
}

function Set-AlloyEmulatorConfig {
    <#
    .SYNOPSIS Changes run-time knobs: slackRateLimit, slackMessagesPerSecond, slackBurst, slackWorkspacePerMinute, latencyMs, cursorPassthrough,
    shopifyThrottling, shopifyRestoreRate, shopifyMaximumAvailable.
    .EXAMPLE Set-AlloyEmulatorConfig @{ slackRateLimit = $false; latencyMs = 50 }
    #>
    [CmdletBinding()]
    param([Parameter(Mandatory, Position = 0)] [hashtable] $Settings, $Emulator = $script:LastEmulator)
    Invoke-EmulatorAdmin $Emulator POST 'config' $Settings
}

function Get-AlloyEmulatorSheetRows {
    [CmdletBinding()]
    param([string] $SpreadsheetId, $Emulator = $script:LastEmulator)
    (Invoke-EmulatorAdmin $Emulator GET 'sheets/rows' -Query @{ spreadsheetId = $SpreadsheetId }).rows
}

function Invoke-AlloyEmulatorClick {
    <# .SYNOPSIS Has the emulator's Slack send a signed block_actions click for a stored message to -TargetUrl. #>
    [CmdletBinding()]
    param(
        [Parameter(Mandatory)] [string] $Channel, [Parameter(Mandatory)] [string] $Ts, [Parameter(Mandatory)] [string] $TargetUrl,
        [Parameter(Mandatory)] [string] $SigningSecret, [string] $ActionId = 'acknowledge_order', [string] $UserId = 'U0CLICKER1',
        [string] $UserName = 'clicker', $Emulator = $script:LastEmulator
    )
    Invoke-EmulatorAdmin $Emulator POST 'slack/click' @{
        channel = $Channel; ts = $Ts; targetUrl = $TargetUrl; signingSecret = $SigningSecret; actionId = $ActionId; userId = $UserId; userName = $UserName
    }
}
