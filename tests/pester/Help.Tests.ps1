BeforeDiscovery {
    $root = Resolve-Path (Join-Path $PSScriptRoot '../..')
    Import-Module (Join-Path $root 'AlloyShopifySlack.psd1') -Force
    $script:cmdlets = Get-Command -Module AlloyShopifySlack -CommandType Cmdlet | ForEach-Object {
        @{ Name = $_.Name; ShouldProcess = $_.Parameters.ContainsKey('WhatIf'); Piped = @($_.Parameters.Values | Where-Object { $_.ParameterSets.Values.ValueFromPipeline -contains $true }).Count -gt 0 }
    }
    $script:shouldProcess = @($cmdlets | Where-Object ShouldProcess)
}

BeforeAll {
    $root = Resolve-Path (Join-Path $PSScriptRoot '../..')
    Import-Module (Join-Path $root 'AlloyShopifySlack.psd1') -Force
    $common = [System.Management.Automation.PSCmdlet]::CommonParameters + @('UseTransaction')
    $project = (Import-PowerShellDataFile (Join-Path $root 'AlloyShopifySlack.psd1')).PrivateData.PSData.ProjectUri
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
    It 'describes every parameter, -Connection, -WhatIf and -Confirm included' {
        foreach ($parameter in ($command.Parameters.Keys | Where-Object { $_ -notin $common })) {
            $described = $help.parameters.parameter | Where-Object name -eq $parameter
            ($described.description | Out-String).Trim() | Should -Not -BeNullOrEmpty -Because "-$parameter of $Name needs a description"
        }
    }
    It 'shows a default for every parameter whose description or cmdlet has one' {
        $instance = [Activator]::CreateInstance($command.ImplementingType)
        foreach ($parameter in $help.parameters.parameter) {
            $text = ($parameter.description | Out-String)
            $property = $command.ImplementingType.GetProperty($parameter.name)
            $value = if ($property -and $parameter.name -notin 'WhatIf', 'Confirm') { $property.GetValue($instance) } else { $null }
            $hasDefault = ($text -match '\bDefault:?\s') -or ($null -ne $value -and $value -isnot [System.Management.Automation.SwitchParameter] -and -not ($value -is [System.Collections.ICollection] -and $value.Count -eq 0))
            if ($hasDefault) { $parameter.defaultValue | Should -Not -Be 'None' -Because "-$($parameter.name) of $Name has a default" }
        }
    }
    It 'lists its pipeline input under INPUTS' {
        $inputs = @($help.inputTypes.inputType.type.name)
        $inputs | Should -Not -BeNullOrEmpty
        if ($Piped) { $inputs | Should -Not -Contain 'None' }
    }
    It 'links its online help (Get-Help -Online) to the project' {
        $command.HelpUri | Should -Be "$project/blob/main/module/help/$Name.md"
    }
}

Describe '-WhatIf and -Confirm in the help of <Name>' -ForEach $shouldProcess {
    It 'Get-Help <Name> -Parameter <_> answers' -ForEach @('WhatIf', 'Confirm') {
        $parameter = Get-Help $Name -Parameter $_
        $parameter.name | Should -Be $_
        ($parameter.description | Out-String) | Should -Match 'PowerShell''s common'
    }
    It 'shows [-WhatIf] [-Confirm] in every SYNTAX line' {
        $lines = (Get-Help $Name).syntax | Out-String -Width 4096
        foreach ($line in ($lines -split "`n" | Where-Object { $_ -match "^$Name\b" })) { $line | Should -Match '\[-WhatIf\] \[-Confirm\]' }
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
    It 'serve the about topics: <_>' -ForEach @('about_AlloyShopifySlack', 'about_AlloyShopifySlack_Scheduling') {
        (Get-Help $_ | Out-String) | Should -Match 'SHORT DESCRIPTION'
    }
}
