@{
    # The companion module for rehearsing offline: the Alloy emulator (Shopify, Slack and Google Sheets behind a
    # loopback Alloy Connectivity API) and the functions that start, inspect and stop it. `build.ps1 package` lays it
    # out as out/AlloyShopifySlack.Emulator/<version> with the emulator in bin/; from the repository it uses the build.
    ModuleVersion        = '0.1.0'
    RootModule           = 'Emulator.psm1'
    GUID                 = '9a7c2f3e-1b6d-4e8a-b5c4-2d7e0f1a3c58'
    Author               = 'AlloyShopifySlack contributors'
    CompanyName          = 'AlloyShopifySlack'
    Copyright            = '(c) AlloyShopifySlack contributors. MIT License.'
    Description          = 'A loopback Alloy emulator for AlloyShopifySlack: rehearse the whole job offline with sample orders and a fake Slack workspace. Needs the .NET 10 (ASP.NET Core) runtime.'
    PowerShellVersion    = '7.4'
    CompatiblePSEditions = @('Core')
    FunctionsToExport    = @(
        'Start-AlloyEmulator'
        'Stop-AlloyEmulator'
        'Get-AlloyEmulatorEnvironment'
        'Get-AlloyEmulatorMessages'
        'Get-AlloyEmulatorStats'
        'Reset-AlloyEmulator'
        'Add-AlloyEmulatorOrder'
        'Set-AlloyEmulatorFault'
        'Clear-AlloyEmulatorFault'
        'Set-AlloyEmulatorConfig'
        'Get-AlloyEmulatorSheetRows'
        'Invoke-AlloyEmulatorClick'
    )
    CmdletsToExport      = @()
    VariablesToExport    = @()
    AliasesToExport      = @()
    PrivateData          = @{
        PSData = @{
            Tags       = @('Alloy', 'Shopify', 'Slack', 'Emulator', 'Testing', 'PSEdition_Core')
            LicenseUri = 'https://github.com/alloyshopifyslack/AlloyShopifySlack/blob/main/LICENSE'
            ProjectUri = 'https://github.com/alloyshopifyslack/AlloyShopifySlack'
        }
    }
}
