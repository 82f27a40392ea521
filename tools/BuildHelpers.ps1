# Helpers for build.ps1: test result counting, Pester, help generation, packaging.

function Get-TrxCounts {
    param([string] $Path)
    if (-not (Test-Path $Path)) { return [pscustomobject]@{ Passed = 0; Failed = 1 } }
    [xml] $trx = Get-Content -Raw $Path
    $counters = $trx.TestRun.ResultSummary.Counters
    [pscustomobject]@{ Passed = [int]$counters.passed; Failed = [int]$counters.failed + [int]$counters.error + [int]$counters.timeout }
}

function Get-PesterModulePath {
    param([string] $Root)
    $packages = (& dotnet nuget locals global-packages --list) -replace '^global-packages:\s*', ''
    $pester = Join-Path $packages.Trim() 'pester/6.2.0/tools/Pester.psd1'
    if (-not (Test-Path $pester)) {
        & dotnet restore (Join-Path $Root 'tests/tools/PesterTools.csproj') --nologo -v quiet
        if ($LASTEXITCODE -ne 0) { throw 'Could not restore Pester 6.2.0 from NuGet.' }
    }
    $pester
}

function Invoke-PesterSuite {
    param([string] $Root)
    $pesterPath = Get-PesterModulePath -Root $Root
    # A child process keeps the built module out of this session and lets Pester exit cleanly.
    $script = @"
`$ErrorActionPreference = 'Stop'
Import-Module '$pesterPath'
`$config = New-PesterConfiguration
`$config.Run.Path = '$(Join-Path $Root 'tests/pester')'
`$config.Run.PassThru = `$true
`$config.Output.Verbosity = 'Normal'
`$result = Invoke-Pester -Configuration `$config
'PESTER-COUNTS ' + `$result.PassedCount + ' ' + (`$result.FailedCount + `$result.FailedBlocksCount + `$result.FailedContainersCount)
"@
    $output = & dotnet pwsh -NoProfile -NonInteractive -Command $script 2>&1 | ForEach-Object { $_.ToString() }
    $counts = $null
    foreach ($line in $output) {
        if ($line -match '^PESTER-COUNTS (\d+) (\d+)$') { $counts = [pscustomobject]@{ Passed = [int]$Matches[1]; Failed = [int]$Matches[2] } }
        else { Write-Host $line }
    }
    if (-not $counts) { $counts = [pscustomobject]@{ Passed = 0; Failed = 1 } }
    $counts
}

function New-ModuleHelp {
    param([string] $Root, [string] $ModuleBin)
    $generator = Join-Path $Root 'tools/New-MamlHelp.ps1'
    if (Test-Path $generator) { & $generator -Root $Root -ModuleBin $ModuleBin }
}

function New-ModulePackage {
    <#
    .SYNOPSIS
        Lays out <OutputPath>/AlloyShopifySlack/<version>/ ready for Publish-PSResource: the manifest, the module dll
        with every dependency Windows PowerShell 5.1 needs (dotnet publish put them in module/bin), format views and
        help, in the repository's own layout so that the manifest's relative paths stay right. The packaged manifest
        gets a FileList naming every file, the dependency dlls included. Returns the package folder.
    #>
    param([string] $Root, [string] $ModuleBin, [string] $OutputPath = (Join-Path $Root 'out'))
    $manifestPath = Join-Path $Root 'AlloyShopifySlack.psd1'
    $manifest = Import-PowerShellDataFile $manifestPath
    $target = Join-Path $OutputPath "AlloyShopifySlack/$($manifest.ModuleVersion)"
    if (Test-Path $target) { Remove-Item $target -Recurse -Force }
    New-Item -ItemType Directory -Path $target -Force | Out-Null

    # PowerShell 7 needs only the module dll; Windows PowerShell 5.1 loads these from beside it.
    $desktopDependencies = 'System.Text.Json', 'System.Memory', 'System.Buffers', 'System.Runtime.CompilerServices.Unsafe',
        'System.Text.Encodings.Web', 'System.Numerics.Vectors', 'System.Threading.Tasks.Extensions',
        'Microsoft.Bcl.AsyncInterfaces'
    $missing = @($desktopDependencies | Where-Object { -not (Test-Path (Join-Path $ModuleBin "$_.dll")) })
    if ($missing) { throw "module/bin lacks $($missing -join ', ') (.dll): build with 'build.ps1 build', which publishes the dependencies." }

    $bin = New-Item -ItemType Directory -Path (Join-Path $target 'module/bin') -Force
    Copy-Item (Join-Path $ModuleBin '*.dll') $bin.FullName   # no .pdb, no .deps.json: neither is loaded from a module folder
    Copy-Item -Recurse (Join-Path $Root 'module/formats') (Join-Path $target 'module/formats')
    Copy-Item -Recurse (Join-Path $Root 'module/types') (Join-Path $target 'module/types')
    foreach ($help in @('module/en-US', 'en-US')) {
        $source = Join-Path $Root $help
        if (Test-Path $source) { Copy-Item -Recurse $source (Join-Path $target $help) }
    }
    foreach ($file in @('README.md', 'LICENSE', 'LICENSE.md')) {
        $source = Join-Path $Root $file
        if (Test-Path $source) { Copy-Item $source $target }
    }

    # The packaged manifest: the repository's, plus a FileList of what was laid out (paths relative to the manifest).
    $files = Get-ChildItem $target -Recurse -File | ForEach-Object { [System.IO.Path]::GetRelativePath($target, $_.FullName).Replace('\', '/') } | Sort-Object
    $files = @($files) + 'AlloyShopifySlack.psd1'
    $list = ($files | ForEach-Object { "        '$_'" }) -join [Environment]::NewLine
    $text = Get-Content -Raw $manifestPath
    $opening = $text.IndexOf('@{')
    if ($opening -lt 0) { throw "$manifestPath does not start a hashtable." }
    $text = $text.Substring(0, $opening + 2) + [Environment]::NewLine + "    FileList             = @(" + [Environment]::NewLine + $list + [Environment]::NewLine + '    )' + $text.Substring($opening + 2)
    Set-Content -LiteralPath (Join-Path $target 'AlloyShopifySlack.psd1') -Value $text -Encoding utf8NoBOM -NoNewline

    $null = Test-ModuleManifest -Path (Join-Path $target 'AlloyShopifySlack.psd1') -ErrorAction Stop
    Write-Host "Package laid out in $target ($($files.Count) files)"
    $target
}
