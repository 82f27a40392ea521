# Shared by the benchmarks (dot-sourced): a fresh pwsh child per measured run, and the emulator's request counts.

# Runs a script in a fresh pwsh (this pwsh's own pwsh.dll, so no tool manifest is needed) in the temp folder (no
# stray .env), with the given environment; returns the JSON line it prints last. Fails loudly on a non-zero exit, a
# missing JSON line, or a child that runs past -Timeout seconds.
function Invoke-Child([string] $Script, [System.Collections.IDictionary] $Environment, [int] $Timeout = $TimeoutSeconds) {
    $info = [System.Diagnostics.ProcessStartInfo]::new('dotnet')
    foreach ($a in @((Join-Path $PSHOME 'pwsh.dll'), '-NoProfile', '-NonInteractive', '-Command', $Script)) { $info.ArgumentList.Add($a) }
    $info.RedirectStandardOutput = $true
    $info.RedirectStandardError = $true
    $info.UseShellExecute = $false
    $info.WorkingDirectory = [System.IO.Path]::GetTempPath()
    $info.Environment['POWERSHELL_TELEMETRY_OPTOUT'] = '1'
    $info.Environment['NO_COLOR'] = '1'
    foreach ($key in $Environment.Keys) { $info.Environment[$key] = [string]$Environment[$key] }
    $process = [System.Diagnostics.Process]::Start($info)
    try {
        $stdout = $process.StandardOutput.ReadToEndAsync()
        $stderr = $process.StandardError.ReadToEndAsync()
        if (-not $process.WaitForExit($Timeout * 1000)) { $process.Kill($true); throw "The benchmark child did not finish within $Timeout s." }
        $process.WaitForExit()
        $line = ($stdout.Result -split "`n" | Where-Object { $_.StartsWith('{') } | Select-Object -Last 1)
        if ($process.ExitCode -ne 0 -or -not $line) { throw "The benchmark child failed (exit $($process.ExitCode)): $($stderr.Result) $($stdout.Result)" }
        $line | ConvertFrom-Json
    }
    finally { $process.Dispose() }
}

# How many execute calls the emulator took for the actions whose id matches $Action (a regex; default: every call).
function Get-EmulatorCalls($Emulator, [string] $Action = '.+') {
    $total = 0
    foreach ($property in (Get-AlloyEmulatorStats -Emulator $Emulator).requests.PSObject.Properties) {
        if ($property.Name -match "(^|/)$Action`$" -and $property.Name -notmatch ' ') { $total += [int]$property.Value }
    }
    $total
}
