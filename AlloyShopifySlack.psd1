@{
    # The one version source: Directory.Build.props reads it into the assembly, build.ps1 package copies it.
    ModuleVersion        = '0.1.0'
    RootModule           = 'module/bin/AlloyShopifySlack.dll'
    GUID                 = '5b0d6c2e-8f1a-4d4e-9a57-1f3c2b7e6a10'
    Author               = 'AlloyShopifySlack contributors'
    CompanyName          = 'AlloyShopifySlack'
    Copyright            = '(c) AlloyShopifySlack contributors. MIT License.'
    Description          = 'Watch a Shopify store through the Alloy Connectivity API and post high-value order alerts to Slack.'
    # Windows PowerShell 5.1 on .NET Framework 4.7.2 or later, and PowerShell 7.4 or later (the dependencies are
    # System.Text.Json 8.0, which .NET 8 ships). One PowerShellVersion covers both editions, so the module itself
    # refuses PowerShell 7.0-7.3 at import with a message saying so.
    PowerShellVersion    = '5.1'
    DotNetFrameworkVersion = '4.7.2'
    CompatiblePSEditions = @('Desktop', 'Core')
    TypesToProcess       = @('module/types/AlloyShopifySlack.Types.ps1xml')
    FormatsToProcess     = @(
        'module/formats/Alloy.Format.ps1xml'
        'module/formats/Shopify.Format.ps1xml'
        'module/formats/Slack.Format.ps1xml'
        'module/formats/Sync.Format.ps1xml'
        'module/formats/SyncRunners.Format.ps1xml'
        'module/formats/Setup.Format.ps1xml'
        'module/formats/Interactions.Format.ps1xml'
        'module/formats/Coverage.Format.ps1xml'
    )
    CmdletsToExport      = @(
        'Connect-Alloy'
        'Disconnect-Alloy'
        'Get-AlloyConnection'
        'New-AlloyUser'
        'Get-AlloyUser'
        'Remove-AlloyUser'
        'Get-AlloyConnector'
        'Get-AlloyAction'
        'Invoke-AlloyAction'
        'Get-AlloyCredential'
        'Get-AlloyCredentialMetadata'
        'Remove-AlloyCredential'
        'Test-AlloyCredential'
        'Connect-AlloyShopify'
        'Connect-AlloySlack'
        'Connect-AlloyGoogleSheets'
        'Initialize-AlloyShopifySlack'
        'Test-AlloyConnection'
        'Get-ShopifyShop'
        'Get-ShopifyOrder'
        'Add-ShopifyOrderTag'
        'ConvertTo-SlackOrderMessage'
        'Show-SlackOrderMessage'
        'Send-SlackOrderAlert'
        'Send-SlackMessage'
        'Test-SlackConnection'
        'Start-SlackInteractionListener'
        'Add-GoogleSheetsOrderRow'
        'Invoke-OrderSync'
        'New-OrderRoute'
        'Get-OrderSyncState'
        'Export-OrderSyncState'
        'Import-OrderSyncState'
        'Test-OrderAlertCoverage'
    )
    FunctionsToExport    = @()
    VariablesToExport    = @()
    AliasesToExport      = @()
    # Update-Help looks here; the help also ships in the module (en-US/), so Get-Help works without it.
    HelpInfoURI          = 'https://github.com/alloyshopifyslack/AlloyShopifySlack/tree/main/module/help'
    PrivateData          = @{
        PSData = @{
            Tags         = @('Alloy', 'Shopify', 'Slack', 'Orders', 'Alerts', 'PSEdition_Core', 'PSEdition_Desktop')
            LicenseUri   = 'https://github.com/alloyshopifyslack/AlloyShopifySlack/blob/main/LICENSE'
            ProjectUri   = 'https://github.com/alloyshopifyslack/AlloyShopifySlack'
            # build.ps1 package puts this version's section of CHANGELOG.md here.
            ReleaseNotes = 'See CHANGELOG.md.'
        }
    }
}
