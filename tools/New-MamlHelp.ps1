<#
.SYNOPSIS
    Generates the module's MAML help (en-US/AlloyShopifySlack.dll-Help.xml beside the manifest, where PowerShell looks for
    a binary module's help) from one readable source:
    module/help/<Verb-Noun>.md for the prose and examples, the compiled cmdlets for syntax, types and pipeline input.
.DESCRIPTION
    Runs in a child pwsh (so that the freshly built dll is loaded once and nothing leaks into the build session).
    Cmdlets without a markdown file get minimal help and a warning; the Help Pester tests fail on them.
#>
param(
    [Parameter(Mandatory)] [string] $Root,
    [Parameter(Mandatory)] [string] $ModuleBin
)
$ErrorActionPreference = 'Stop'

if (-not $env:ALLOYPS_HELP_CHILD) {
    $env:ALLOYPS_HELP_CHILD = '1'
    try {
        & dotnet pwsh -NoProfile -NonInteractive -File $PSCommandPath -Root $Root -ModuleBin $ModuleBin
        if ($LASTEXITCODE -ne 0) { throw "Help generation failed (exit code $LASTEXITCODE)." }
    }
    finally { Remove-Item Env:ALLOYPS_HELP_CHILD }
    return
}

. (Join-Path $PSScriptRoot 'HelpMarkdown.ps1')
. (Join-Path $PSScriptRoot 'HelpMetadata.ps1')

$module = Import-Module (Join-Path $ModuleBin 'AlloyShopifySlack.dll') -PassThru -Force
$commonParameters = $HiddenCommonParameters
$helpFolder = Join-Path $Root 'module/help'

$settings = [System.Xml.XmlWriterSettings]::new()
$settings.Indent = $true
$settings.Encoding = [System.Text.UTF8Encoding]::new($false)
$outFolder = Join-Path $Root 'en-US'
New-Item -ItemType Directory -Path $outFolder -Force | Out-Null
$outFile = Join-Path $outFolder 'AlloyShopifySlack.dll-Help.xml'
$writer = [System.Xml.XmlWriter]::Create($outFile, $settings)

$maml = 'http://schemas.microsoft.com/maml/2004/10'
$command = 'http://schemas.microsoft.com/maml/dev/command/2004/10'
$dev = 'http://schemas.microsoft.com/maml/dev/2004/10'

function Write-Paragraphs([string] $Text) {
    foreach ($para in ($Text -split "(`r?`n){2,}" | Where-Object { $_.Trim() })) {
        $writer.WriteElementString('maml', 'para', $maml, ($para.Trim() -replace "`r?`n", ' '))
    }
}

function Write-Description([string] $Text) {
    $writer.WriteStartElement('maml', 'description', $maml)
    Write-Paragraphs $Text
    $writer.WriteEndElement()
}

function Get-TypeName([type] $Type) {
    # decimal? reads as Decimal in help, as PowerShell users think of it (an optional parameter).
    if ($Type.IsGenericType -and $Type.GetGenericTypeDefinition() -eq [Nullable`1]) { return Get-TypeName $Type.GetGenericArguments()[0] }
    if ($Type.IsGenericType) { return $Type.Name.Split('`')[0] + '[' + (($Type.GetGenericArguments() | ForEach-Object { Get-TypeName $_ }) -join ',') + ']' }
    $Type.Name
}

function Write-Parameter($Parameter, $SetInfo, [string] $Description, [string] $Default) {
    $writer.WriteStartElement('command', 'parameter', $command)
    $pipeline = @()
    if ($SetInfo.ValueFromPipeline) { $pipeline += 'ByValue' }
    if ($SetInfo.ValueFromPipelineByPropertyName) { $pipeline += 'ByPropertyName' }
    $writer.WriteAttributeString('required', ([string]$SetInfo.IsMandatory).ToLowerInvariant())
    $writer.WriteAttributeString('variableLength', 'true')
    $writer.WriteAttributeString('globbing', 'false')
    $writer.WriteAttributeString('pipelineInput', $(if ($pipeline) { "True ($($pipeline -join ', '))" } else { 'False' }))
    $writer.WriteAttributeString('position', $(if ($SetInfo.Position -ge 0) { [string]$SetInfo.Position } else { 'named' }))
    $writer.WriteAttributeString('aliases', $(if ($Parameter.Aliases.Count) { $Parameter.Aliases -join ', ' } else { 'none' }))
    $writer.WriteElementString('maml', 'name', $maml, $Parameter.Name)
    Write-Description $Description
    $typeName = Get-TypeName $Parameter.ParameterType
    if ($Parameter.ParameterType -ne [switch]) {
        $writer.WriteStartElement('command', 'parameterValue', $command)
        $writer.WriteAttributeString('required', 'true')
        $writer.WriteAttributeString('variableLength', 'false')
        $writer.WriteString($typeName)
        $writer.WriteEndElement()
    }
    $writer.WriteStartElement('dev', 'type', $dev)
    $writer.WriteElementString('maml', 'name', $maml, $typeName)
    $writer.WriteEndElement()
    $writer.WriteElementString('dev', 'defaultValue', $dev, $Default)
    $writer.WriteEndElement()
}

$writer.WriteStartDocument()
$writer.WriteStartElement('helpItems', 'http://msh')
$writer.WriteAttributeString('schema', 'maml')

foreach ($cmdlet in (Get-Command -Module $module.Name -CommandType Cmdlet | Sort-Object Name)) {
    $mdPath = Join-Path $helpFolder "$($cmdlet.Name).md"
    $doc = if (Test-Path $mdPath) { Read-HelpMarkdown -Path $mdPath } else { Write-Warning "No help source for $($cmdlet.Name) ($mdPath)."; $null }
    $synopsis = if ($doc) { $doc.Synopsis } else { $cmdlet.Name }
    $ownParameters = $cmdlet.Parameters.Values | Where-Object { $_.Name -notin $commonParameters }
    $instance = New-CmdletInstance $cmdlet
    $describe = @{}
    $defaults = @{}
    foreach ($p in $ownParameters) {
        $describe[$p.Name] = Get-ParameterHelpText -Name $p.Name -Doc $doc
        $defaults[$p.Name] = Get-ParameterDefault -Instance $instance -Parameter $p -Description $describe[$p.Name]
    }

    $writer.WriteStartElement('command', 'command', $command)
    $writer.WriteAttributeString('xmlns', 'maml', $null, $maml)
    $writer.WriteAttributeString('xmlns', 'dev', $null, $dev)
    $writer.WriteStartElement('command', 'details', $command)
    $writer.WriteElementString('command', 'name', $command, $cmdlet.Name)
    $writer.WriteElementString('command', 'verb', $command, $cmdlet.Verb)
    $writer.WriteElementString('command', 'noun', $command, $cmdlet.Noun)
    Write-Description $synopsis
    $writer.WriteEndElement()
    Write-Description $(if ($doc) { $doc.Description } else { '' })

    $writer.WriteStartElement('command', 'syntax', $command)
    foreach ($set in $cmdlet.ParameterSets) {
        $writer.WriteStartElement('command', 'syntaxItem', $command)
        $writer.WriteElementString('maml', 'name', $maml, $cmdlet.Name)
        foreach ($p in ($set.Parameters | Where-Object { $_.Name -notin $commonParameters })) {
            $meta = $cmdlet.Parameters[$p.Name]
            Write-Parameter $meta $p $describe[$p.Name] $defaults[$p.Name]
        }
        $writer.WriteEndElement()
    }
    $writer.WriteEndElement()

    $writer.WriteStartElement('command', 'parameters', $command)
    foreach ($p in $ownParameters) {
        $setInfo = $p.ParameterSets.Values | Select-Object -First 1
        Write-Parameter $p $setInfo $describe[$p.Name] $defaults[$p.Name]
    }
    $writer.WriteEndElement()

    $writer.WriteStartElement('command', 'inputTypes', $command)
    foreach ($input in Get-PipelineInput $cmdlet) {
        $writer.WriteStartElement('command', 'inputType', $command)
        $writer.WriteStartElement('dev', 'type', $dev)
        $writer.WriteElementString('maml', 'name', $maml, $input.Type)
        $writer.WriteEndElement()
        Write-Description $input.Description
        $writer.WriteEndElement()
    }
    $writer.WriteEndElement()

    $writer.WriteStartElement('command', 'returnValues', $command)
    $outputs = @(if ($doc -and $doc.Outputs) { $doc.Outputs } else { $cmdlet.OutputType | ForEach-Object { $_.Name } })
    foreach ($output in $outputs) {
        $writer.WriteStartElement('command', 'returnValue', $command)
        $writer.WriteStartElement('dev', 'type', $dev)
        $writer.WriteElementString('maml', 'name', $maml, $output)
        $writer.WriteEndElement()
        Write-Description ''
        $writer.WriteEndElement()
    }
    $writer.WriteEndElement()

    $writer.WriteStartElement('command', 'examples', $command)
    $number = 0
    foreach ($example in @(if ($doc) { $doc.Examples })) {
        $number++
        $writer.WriteStartElement('command', 'example', $command)
        $writer.WriteElementString('maml', 'title', $maml, "-------------------------- $($example.Title) --------------------------")
        $writer.WriteElementString('dev', 'code', $dev, $example.Code)
        $writer.WriteStartElement('dev', 'remarks', $dev)
        Write-Paragraphs $example.Remarks
        $writer.WriteEndElement()
        $writer.WriteEndElement()
    }
    $writer.WriteEndElement()

    $writer.WriteStartElement('command', 'relatedLinks', $command)
    $writer.WriteStartElement('maml', 'navigationLink', $maml)
    $writer.WriteElementString('maml', 'linkText', $maml, 'Online Version:')
    $writer.WriteElementString('maml', 'uri', $maml, (Get-OnlineHelpUri -Root $Root -Name $cmdlet.Name))
    $writer.WriteEndElement()
    foreach ($link in @(if ($doc) { $doc.Links })) {
        $writer.WriteStartElement('maml', 'navigationLink', $maml)
        $writer.WriteElementString('maml', 'linkText', $maml, $link)
        $writer.WriteElementString('maml', 'uri', $maml, '')
        $writer.WriteEndElement()
    }
    $writer.WriteEndElement()
    $writer.WriteEndElement()
}

$writer.WriteEndElement()
$writer.WriteEndDocument()
$writer.Dispose()
# about_ topics are found in the same folder.
Copy-Item (Join-Path $Root 'module/en-US/about_*.help.txt') $outFolder -ErrorAction SilentlyContinue
Write-Host "Help written to $outFile"
