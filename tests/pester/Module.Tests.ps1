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
