# What the help generator (tools/New-MamlHelp.ps1) takes from the compiled cmdlets rather than from module/help/*.md:
# the texts of the parameters every cmdlet of a kind shares, default values, pipeline input and the online link.

# Parameters that the md files need not describe: PowerShell's own (-WhatIf, -Confirm) and the connected-cmdlet base's.
$script:SharedParameterHelp = @{
    WhatIf     = 'Shows what would happen if the cmdlet runs: nothing is changed, posted, created or deleted. PowerShell''s common -WhatIf; $WhatIfPreference sets it for a whole script.'
    Confirm    = 'Asks for confirmation before the cmdlet changes anything. PowerShell''s common -Confirm; without it the cmdlet asks only when its impact is at least $ConfirmPreference (High by default).'
    Connection = 'The Alloy connection to use instead of the session''s: Connect-Alloy -PassThru or -NoSession gives one, so that a script can serve several tenants. Default: the session''s connection (Connect-Alloy), else one made from ALLOY_API_KEY and the other environment variables or ./.env.'
}

# -WhatIf and -Confirm are common parameters, but the help shows them (SYNTAX, PARAMETERS, Get-Help -Parameter WhatIf).
$script:HiddenCommonParameters = [System.Management.Automation.PSCmdlet]::CommonParameters + @('UseTransaction')

function Get-ParameterHelpText {
    param([string] $Name, $Doc)
    $text = if ($Doc) { $Doc.Parameters[$Name] } else { $null }
    if ($text) { return $text }
    if ($SharedParameterHelp.ContainsKey($Name)) { return $SharedParameterHelp[$Name] }
    ''
}

function New-CmdletInstance {
    <# A fresh instance of the cmdlet class, to read the defaults its properties start with; $null when it cannot be made. #>
    param([System.Management.Automation.CmdletInfo] $Cmdlet)
    try { [Activator]::CreateInstance($Cmdlet.ImplementingType) } catch { $null }
}

function Get-ParameterDefault {
    <#
    .SYNOPSIS
        The default value shown in help: what the help text says after "Default:" (it names the variables and the
        fallback, which the metadata cannot), else the value the cmdlet's property starts with, else False for a
        switch, else None.
    #>
    param($Instance, [System.Management.Automation.ParameterMetadata] $Parameter, [string] $Description)
    if ($Description -match '\bDefault:?\s+(.+?)\.(?=\s|$)') { return $Matches[1].Trim() }
    if ($Parameter.SwitchParameter) { return 'False' }
    if ($Instance -and $Parameter.Name -notin 'WhatIf', 'Confirm') {
        $property = $Instance.GetType().GetProperty($Parameter.Name)
        $value = if ($property) { $property.GetValue($Instance) } else { $null }
        if ($null -ne $value -and -not ($value -is [System.Collections.ICollection] -and $value.Count -eq 0)) {
            return [string]::Format([cultureinfo]::InvariantCulture, '{0}', $value)
        }
    }
    'None'
}

function Get-PipelineInput {
    <#
    .SYNOPSIS
        INPUTS: one entry per type a parameter takes from the pipeline by value, and one naming the properties taken
        by property name.
    #>
    param([System.Management.Automation.CmdletInfo] $Cmdlet)
    $byValue = [ordered]@{}
    $byName = [System.Collections.Generic.List[string]]::new()
    foreach ($parameter in $Cmdlet.Parameters.Values | Where-Object { $_.Name -notin $HiddenCommonParameters }) {
        foreach ($set in $parameter.ParameterSets.Values) {
            if ($set.ValueFromPipeline) {
                $type = $parameter.ParameterType
                $key = if ($type.IsArray) { $type.GetElementType().FullName } else { $type.FullName }
                if (-not $byValue.Contains($key)) { $byValue[$key] = "By value, to -$($parameter.Name)." }
            }
            if ($set.ValueFromPipelineByPropertyName -and -not $byName.Contains($parameter.Name)) { $byName.Add($parameter.Name) }
        }
    }
    foreach ($key in $byValue.Keys) { [pscustomobject]@{ Type = $key; Description = $byValue[$key] } }
    if ($byName.Count -gt 0) {
        [pscustomobject]@{ Type = 'System.Management.Automation.PSObject'; Description = "Any object with these properties, bound by name: $($byName -join ', ')." }
    }
    if ($byValue.Count -eq 0 -and $byName.Count -eq 0) { [pscustomobject]@{ Type = 'None'; Description = 'This cmdlet takes no pipeline input.' } }
}

function Get-OnlineHelpUri {
    <# Get-Help -Online opens the first related link that has a URI: the cmdlet's help source in the project. #>
    param([string] $Root, [string] $Name)
    $manifest = Import-PowerShellDataFile (Join-Path $Root 'AlloyShopifySlack.psd1')
    "$($manifest.PrivateData.PSData.ProjectUri)/blob/main/module/help/$Name.md"
}
