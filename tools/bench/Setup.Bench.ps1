<#
.SYNOPSIS
    Onboarding figures against the emulator: one OAuth consent round trip (Connect-AlloySlack -NoBrowser, answered
    by an HTTP client), Test-AlloyConnection, and how long a Tab waits for -ConnectorId completion (cold and cached).
.DESCRIPTION
    Runs in this process with the built module. Each figure is the median (and the slowest) of several runs.
    Figures are printed, not asserted.
#>
param(
    [Parameter(Mandatory)] [string] $Root,
    [int] $Runs = 10
)
$ErrorActionPreference = 'Stop'
Import-Module (Join-Path $Root 'AlloyShopifySlack.psd1') -Force
Import-Module (Join-Path $Root 'tools/Emulator.psm1') -Force

function Get-Figure([double[]] $Milliseconds) {
    $sorted = $Milliseconds | Sort-Object
    '{0,8:0.0} ms median, {1,8:0.0} ms slowest ({2} runs)' -f $sorted[[int][math]::Floor(($sorted.Count - 1) / 2)], $sorted[-1], $sorted.Count
}

# One consent: start the cmdlet, answer the printed URL like a browser would, wait for the credential.
function Measure-Consent([string] $Script, [object[]] $Arguments) {
    $shell = [powershell]::Create()
    $shell.Runspace = $script:consentRunspace
    try {
        $null = $shell.AddScript($Script)
        foreach ($a in $Arguments) { $null = $shell.AddArgument($a) }
        $watch = [System.Diagnostics.Stopwatch]::StartNew()
        $async = $shell.BeginInvoke()
        while ($shell.Streams.Warning.Count -eq 0 -and -not $async.IsCompleted) { Start-Sleep -Milliseconds 5 }
        if ($shell.Streams.Warning[0].Message -match '(https?://\S+)') {
            $consent = [uri]$Matches[1]
            $page = Invoke-WebRequest -Uri $consent
            $state = [regex]::Match($page.Content, 'name="state" value="([^"]+)"').Groups[1].Value
            $null = Invoke-WebRequest -Method Post -Uri ([uri]::new($consent, '/_emulator/oauth/authorize')) -Body @{ state = $state; decision = 'allow' }
        }
        $output = $shell.EndInvoke($async)
        $watch.Stop()
        if ($output.Count -ne 1) { throw "The consent did not return a credential: $($shell.Streams.Error | Out-String)" }
        $watch.Elapsed.TotalMilliseconds
    } finally { $shell.Dispose() }
}

$emu = Start-AlloyEmulator -Configuration Release
$script:consentRunspace = [runspacefactory]::CreateRunspace()
$script:consentRunspace.Open()
$importer = [powershell]::Create()
$importer.Runspace = $script:consentRunspace
$null = $importer.AddScript("Import-Module '$(Join-Path $Root 'AlloyShopifySlack.psd1')'").Invoke()
$importer.Dispose()
try {
    $connection = Connect-Alloy -ApiKey $emu.ApiKey -BaseUri $emu.BaseUri -UserId $emu.UserId -NoSession
    $script = 'param($c) Connect-AlloySlack -Connection $c -NoBrowser'
    $null = Measure-Consent $script @($connection)   # warm-up
    $consents = 1..$Runs | ForEach-Object { Measure-Consent $script @($connection) }
    Write-Host ("Consent round trip (create, callback, confirm): " + (Get-Figure $consents))

    $health = 1..$Runs | ForEach-Object {
        (Measure-Command { Test-AlloyConnection -Connection $connection -ShopifyCredentialId $emu.ShopifyCredentialId -SlackCredentialId $emu.SlackCredentialId | Out-Null }).TotalMilliseconds
    }
    Write-Host ("Test-AlloyConnection (4 components):            " + (Get-Figure $health))

    $line = 'Get-AlloyAction -ConnectorId sh'
    $cold = 1..$Runs | ForEach-Object {
        Connect-Alloy -ApiKey $emu.ApiKey -BaseUri $emu.BaseUri -UserId $emu.UserId   # a new session connection: an empty cache
        (Measure-Command { TabExpansion2 -inputScript $line -cursorColumn $line.Length | Out-Null }).TotalMilliseconds
    }
    Write-Host ("Tab on -ConnectorId, new connection (cold):      " + (Get-Figure $cold))
    $null = TabExpansion2 -inputScript $line -cursorColumn $line.Length
    Start-Sleep -Milliseconds 500
    $warm = 1..($Runs * 5) | ForEach-Object { (Measure-Command { TabExpansion2 -inputScript $line -cursorColumn $line.Length | Out-Null }).TotalMilliseconds }
    Write-Host ("Tab on -ConnectorId, cached:                     " + (Get-Figure $warm))
    Disconnect-Alloy
} finally {
    $script:consentRunspace.Dispose()
    $emu | Stop-AlloyEmulator
}
