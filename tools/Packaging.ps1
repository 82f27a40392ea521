# build.ps1 package: the module laid out for the PowerShell Gallery, and the companion emulator module for users.

function Get-ReleaseNote {
    <# The CHANGELOG.md section of one version (its text below "## [<version>]" up to the next "## "), for ReleaseNotes. #>
    param([string] $Root, [string] $Version)
    $text = Get-Content -Raw (Join-Path $Root 'CHANGELOG.md')
    $match = [regex]::Match($text, "(?ms)^## \[$([regex]::Escape($Version))\][^\n]*\n(.*?)(?=^## |\z)")
    if (-not $match.Success) { throw "CHANGELOG.md has no section '## [$Version]': add the release notes of ModuleVersion $Version before packaging." }
    $match.Groups[1].Value.Trim()
}

function Set-ManifestEntry {
    <# Returns the manifest text with `Name = '...'` replaced (or added after "@{"), as a single-quoted PowerShell string. #>
    param([string] $Text, [string] $Name, [string] $Value)
    $quoted = "'" + $Value.Replace("'", "''") + "'"
    $pattern = "(?m)^(\s*)$Name(\s*)=\s*'(?:[^']|'')*'"
    if ([regex]::IsMatch($Text, $pattern)) { return [regex]::Replace($Text, $pattern, { param($m) "$($m.Groups[1].Value)$Name$($m.Groups[2].Value)= $quoted" }, 'None') }
    $opening = $Text.IndexOf('@{')
    $Text.Substring(0, $opening + 2) + [Environment]::NewLine + "    $Name = $quoted" + $Text.Substring($opening + 2)
}

function New-ModulePackage {
    <#
    .SYNOPSIS
        Lays out <OutputPath>/AlloyShopifySlack/<version>/ ready for Publish-PSResource: the manifest, the module dll
        with every dependency Windows PowerShell 5.1 needs (dotnet publish put them in module/bin), format and type
        files, the help (MAML and the about_ topics, once, in en-US/ where PowerShell looks), README and LICENSE, in the
        repository's own layout so that the manifest's relative paths stay right. The packaged manifest gets the
        CHANGELOG's notes of this version as ReleaseNotes and a FileList naming every file. Returns the package folder.
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
        'Microsoft.Bcl.AsyncInterfaces', 'System.Threading.Channels'
    $missing = @($desktopDependencies | Where-Object { -not (Test-Path (Join-Path $ModuleBin "$_.dll")) })
    if ($missing) { throw "module/bin lacks $($missing -join ', ') (.dll): build with 'build.ps1 build', which publishes the dependencies." }
    $help = Join-Path $Root 'en-US'
    if (-not (Test-Path (Join-Path $help 'AlloyShopifySlack.dll-Help.xml'))) { throw "en-US/ has no help: build with 'build.ps1 build', which generates it." }

    $bin = New-Item -ItemType Directory -Path (Join-Path $target 'module/bin') -Force
    Copy-Item (Join-Path $ModuleBin '*.dll') $bin.FullName   # no .pdb, no .deps.json: neither is loaded from a module folder
    foreach ($folder in 'module/formats', 'module/types') { Copy-Item -Recurse (Join-Path $Root $folder) (Join-Path $target $folder) }
    # en-US/ holds the MAML and the about_ topics the build copied from module/en-US: their one place in the package.
    Copy-Item -Recurse $help (Join-Path $target 'en-US')
    foreach ($file in @('README.md', 'LICENSE')) { Copy-Item (Join-Path $Root $file) $target }

    # The packaged manifest: the repository's, with this version's release notes and a FileList of what was laid out.
    $files = Get-ChildItem $target -Recurse -File | ForEach-Object { [System.IO.Path]::GetRelativePath($target, $_.FullName).Replace('\', '/') } | Sort-Object
    $files = @($files) + 'AlloyShopifySlack.psd1'
    $list = ($files | ForEach-Object { "        '$_'" }) -join [Environment]::NewLine
    $text = Set-ManifestEntry -Text (Get-Content -Raw $manifestPath) -Name 'ReleaseNotes' -Value (Get-ReleaseNote -Root $Root -Version $manifest.ModuleVersion)
    $opening = $text.IndexOf('@{')
    if ($opening -lt 0) { throw "$manifestPath does not start a hashtable." }
    $text = $text.Substring(0, $opening + 2) + [Environment]::NewLine + "    FileList             = @(" + [Environment]::NewLine + $list + [Environment]::NewLine + '    )' + $text.Substring($opening + 2)
    Set-Content -LiteralPath (Join-Path $target 'AlloyShopifySlack.psd1') -Value $text -Encoding utf8NoBOM -NoNewline

    $null = Test-ModuleManifest -Path (Join-Path $target 'AlloyShopifySlack.psd1') -ErrorAction Stop
    Write-Host "Package laid out in $target ($($files.Count) files)"
    $target
}

function New-EmulatorPackage {
    <#
    .SYNOPSIS
        Lays out <OutputPath>/AlloyShopifySlack.Emulator/<version>/: the companion module (tools/Emulator.psm1 and its
        manifest, stamped with the module's version) and the emulator published into bin/ (framework-dependent: it
        needs the .NET 10 runtime with ASP.NET Core). Users import it to rehearse the job offline. Returns the folder.
    #>
    param([string] $Root, [string] $Configuration = 'Release', [string] $OutputPath = (Join-Path $Root 'out'))
    $version = (Import-PowerShellDataFile (Join-Path $Root 'AlloyShopifySlack.psd1')).ModuleVersion
    $target = Join-Path $OutputPath "AlloyShopifySlack.Emulator/$version"
    if (Test-Path $target) { Remove-Item $target -Recurse -Force }
    New-Item -ItemType Directory -Path $target -Force | Out-Null
    $project = Join-Path $Root 'src/AlloyShopifySlack.Emulator/AlloyShopifySlack.Emulator.csproj'
    & dotnet publish $project -c $Configuration -o (Join-Path $target 'bin') --nologo -v quiet
    if ($LASTEXITCODE -ne 0) { throw "dotnet publish of the emulator failed with exit code $LASTEXITCODE." }
    Get-ChildItem (Join-Path $target 'bin') -Filter *.pdb | Remove-Item
    Copy-Item (Join-Path $Root 'tools/Emulator.psm1') $target
    foreach ($part in 'Emulator.Admin.ps1', 'Emulator.Lifecycle.ps1') { Copy-Item (Join-Path $Root "tools/$part") $target }   # dot-sourced by Emulator.psm1
    Copy-Item (Join-Path $Root 'LICENSE') $target
    $manifest = Set-ManifestEntry -Text (Get-Content -Raw (Join-Path $Root 'tools/AlloyShopifySlack.Emulator.psd1')) -Name 'ModuleVersion' -Value $version
    Set-Content -LiteralPath (Join-Path $target 'AlloyShopifySlack.Emulator.psd1') -Value $manifest -Encoding utf8NoBOM -NoNewline
    $null = Test-ModuleManifest -Path (Join-Path $target 'AlloyShopifySlack.Emulator.psd1') -ErrorAction Stop
    Write-Host "Emulator module laid out in $target"
    $target
}
