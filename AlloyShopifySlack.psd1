@{
    # The one version source: Directory.Build.props reads it into the assembly, build.ps1 package copies it.
    ModuleVersion        = '0.1.0'
    RootModule           = 'module/bin/AlloyShopifySlack.dll'
    GUID                 = '5b0d6c2e-8f1a-4d4e-9a57-1f3c2b7e6a10'
    Author               = 'AlloyShopifySlack contributors'
    CompanyName          = 'AlloyShopifySlack'
    Copyright            = '(c) AlloyShopifySlack contributors. MIT License.'
    Description          = 'Watch a Shopify store through the Alloy Connectivity API and post high-value order alerts to Slack.'
    PowerShellVersion    = '5.1'
    CompatiblePSEditions = @('Desktop', 'Core')
    FormatsToProcess     = @(
        'module/formats/Alloy.Format.ps1xml'
        'module/formats/Shopify.Format.ps1xml'
        'module/formats/Slack.Format.ps1xml'
        'module/formats/Sync.Format.ps1xml'
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
        'Test-OrderAlertCoverage'
    )
    FunctionsToExport    = @()
    VariablesToExport    = @()
    AliasesToExport      = @()
    PrivateData          = @{
        PSData = @{
            Tags         = @('Alloy', 'Shopify', 'Slack', 'Orders', 'Alerts', 'PSEdition_Core', 'PSEdition_Desktop')
            LicenseUri   = 'https://opensource.org/licenses/MIT'
            ProjectUri   = 'https://github.com/alloyshopifyslack/AlloyShopifySlack'
            ReleaseNotes = 'See README.md.'
        }
    }
}
