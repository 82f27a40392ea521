BeforeAll {
    $root = Resolve-Path (Join-Path $PSScriptRoot '../..')
    Import-Module (Join-Path $root 'AlloyShopifySlack.psd1') -Force
}

Describe 'The module manifest' {
    It 'imports from the repository root after a build' {
        Get-Module AlloyShopifySlack | Should -Not -BeNullOrEmpty
    }
    It 'carries the same version as the assembly' {
        $module = Get-Module AlloyShopifySlack
        $assembly = [System.Reflection.AssemblyName]::GetAssemblyName((Join-Path $module.ModuleBase 'module/bin/AlloyShopifySlack.dll'))
        $assembly.Version.ToString(3) | Should -Be $module.Version.ToString(3)
    }
}

Describe 'Every PowerShell the manifest claims' {
    BeforeAll {
        $script:manifest = Import-PowerShellDataFile (Join-Path $root 'AlloyShopifySlack.psd1')
        $script:bin = Join-Path $root 'module/bin'
        # What the oldest supported PowerShell 7 (7.4, on .NET 8) has in its default load context. An assembly that
        # asks for a newer version of one of these fails to load there (System.Text.Json 10.0 did).
        $script:coreCeiling = [version]'8.0.0.0'
        $script:netstandardCeiling = [version]'2.0.0.0'   # Windows PowerShell 5.1 (.NET Framework 4.7.2+) has netstandard 2.0
        $script:references = foreach ($dll in Get-ChildItem $bin -Filter *.dll) {
            $assembly = [System.Reflection.Assembly]::LoadFile($dll.FullName)
            foreach ($reference in $assembly.GetReferencedAssemblies()) {
                [pscustomobject]@{ From = $dll.Name; Name = $reference.Name; Version = $reference.Version }
            }
        }
    }

    It 'claims Windows PowerShell 5.1 and PowerShell 7 (Desktop and Core), .NET Framework 4.7.2 for 5.1' {
        $manifest.PowerShellVersion | Should -Be '5.1'
        $manifest.CompatiblePSEditions | Should -Be @('Desktop', 'Core')
        $manifest.DotNetFrameworkVersion | Should -Be '4.7.2'
    }

    It 'references no runtime assembly newer than PowerShell 7.4 ships (.NET 8: <_>)' -ForEach @('System.*', 'Microsoft.Bcl.*', 'Microsoft.Extensions.*') {
        $pattern = $_
        $tooNew = @($references | Where-Object { $_.Name -like $pattern -and $_.Name -ne 'System.Management.Automation' -and $_.Version -gt $coreCeiling })
        $tooNew | ForEach-Object { "$($_.From) -> $($_.Name) $($_.Version)" } | Should -BeNullOrEmpty
    }

    It 'targets netstandard 2.0 and compiles against the oldest PowerShell API (System.Management.Automation 3.0)' {
        @($references | Where-Object { $_.Name -eq 'netstandard' -and $_.Version -gt $netstandardCeiling }) | Should -BeNullOrEmpty
        ($references | Where-Object { $_.From -eq 'AlloyShopifySlack.dll' -and $_.Name -eq 'System.Management.Automation' }).Version | Should -Be ([version]'3.0.0.0')
    }

    It 'ships beside the module every dependency Windows PowerShell 5.1 must load, at least the version asked for' {
        $shipped = @{}
        Get-ChildItem $bin -Filter *.dll | ForEach-Object { $shipped[$_.BaseName] = [System.Reflection.AssemblyName]::GetAssemblyName($_.FullName).Version }
        $inbox = 'netstandard', 'System.Management.Automation', 'mscorlib', 'System', 'System.Core', 'System.Net.Http', 'System.Runtime.InteropServices.RuntimeInformation'
        $unmet = foreach ($reference in $references | Where-Object { $_.Name -notin $inbox }) {
            if (-not $shipped.ContainsKey($reference.Name)) { "$($reference.From) -> $($reference.Name) $($reference.Version) (not shipped)" }
            elseif ($shipped[$reference.Name] -lt $reference.Version) { "$($reference.From) -> $($reference.Name) $($reference.Version) (shipped $($shipped[$reference.Name]))" }
        }
        @($unmet) | Should -BeNullOrEmpty
    }

    It 'loads the shipped version when Windows PowerShell 5.1 asks for an older one (no binding redirects there)' {
        $resolver = [AlloyShopifySlack.Cmdlets.Infrastructure.ModuleInitializer]
        $method = $resolver.GetMethod('ShippedDependency', [System.Reflection.BindingFlags]'NonPublic, Static')
        $method.Invoke($null, @([string]$bin, [System.Reflection.AssemblyName]::new('System.Runtime.CompilerServices.Unsafe, Version=4.0.4.1'))) |
            Should -Be (Join-Path $bin 'System.Runtime.CompilerServices.Unsafe.dll')
        $method.Invoke($null, @([string]$bin, [System.Reflection.AssemblyName]::new('System.Text.Json, Version=99.0.0.0'))) | Should -BeNullOrEmpty
        $method.Invoke($null, @([string]$bin, [System.Reflection.AssemblyName]::new('Not.There, Version=1.0.0.0'))) | Should -BeNullOrEmpty
    }
}
