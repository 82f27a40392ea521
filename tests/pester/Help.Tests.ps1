BeforeDiscovery {
    $root = Resolve-Path (Join-Path $PSScriptRoot '../..')
    Import-Module (Join-Path $root 'AlloyShopifySlack.psd1') -Force
    $script:cmdlets = Get-Command -Module AlloyShopifySlack -CommandType Cmdlet | ForEach-Object { @{ Name = $_.Name } }
}

BeforeAll {
    $root = Resolve-Path (Join-Path $PSScriptRoot '../..')
    Import-Module (Join-Path $root 'AlloyShopifySlack.psd1') -Force
    $common = [System.Management.Automation.PSCmdlet]::CommonParameters + [System.Management.Automation.PSCmdlet]::OptionalCommonParameters + @('Connection')
}

Describe 'Help of <Name>' -ForEach $cmdlets {
    BeforeAll {
        $help = Get-Help $Name -Full
        $command = Get-Command $Name
    }
    It 'has a synopsis of its own' {
        $help.Synopsis | Should -Not -BeNullOrEmpty
        $help.Synopsis.Trim() | Should -Not -Be $Name
        $help.Synopsis | Should -Not -Match '^\s*\S+ \['   # not the generated syntax line
    }
    It 'has at least one example with code' {
        @($help.examples.example).Count | Should -BeGreaterThan 0
        @($help.examples.example)[0].code | Should -Not -BeNullOrEmpty
    }
    It 'describes every parameter' {
        foreach ($parameter in ($command.Parameters.Keys | Where-Object { $_ -notin $common })) {
            $described = $help.parameters.parameter | Where-Object name -eq $parameter
            ($described.description | Out-String).Trim() | Should -Not -BeNullOrEmpty -Because "-$parameter of $Name needs a description"
        }
    }
}

Describe 'Help sources' {
    It 'name only cmdlets that exist' {
        $root = Resolve-Path (Join-Path $PSScriptRoot '../..')
        $names = (Get-Command -Module AlloyShopifySlack -CommandType Cmdlet).Name
        foreach ($file in Get-ChildItem (Join-Path $root 'module/help') -Filter '*.md') {
            $file.BaseName | Should -BeIn $names -Because "$($file.Name) documents a cmdlet the module exports"
        }
    }
}
