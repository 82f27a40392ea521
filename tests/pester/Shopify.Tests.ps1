BeforeAll {
    $root = Resolve-Path (Join-Path $PSScriptRoot '../..')
    Import-Module (Join-Path $root 'AlloyShopifySlack.psd1') -Force
    Import-Module (Join-Path $root 'tools/Emulator.psm1') -Force

    function Get-ListOrdersCalls($Emulator) {
        $requests = (Get-AlloyEmulatorStats -Emulator $Emulator).requests
        $total = 0
        foreach ($property in $requests.PSObject.Properties) {
            if ($property.Name -match '(^|/)listOrders$' -and $property.Name -notmatch ' ') { $total += [int]$property.Value }
        }
        $total
    }
}

Describe 'The Shopify cmdlets against the emulator' {
    BeforeAll {
        $script:emu = Start-AlloyEmulator -OrderCount 600 -NoThrottling
        # Everything through a connection made from a .env file, so the session and the environment stay untouched.
        $script:envFile = Join-Path ([System.IO.Path]::GetTempPath()) "shopify-pester-$PID.env"
        (Get-AlloyEmulatorEnvironment -Emulator $emu).GetEnumerator() | ForEach-Object { "$($_.Key)=$($_.Value)" } | Set-Content -Path $envFile
        $script:conn = Connect-Alloy -EnvFile $envFile -NoSession
        $script:since = (Get-Date).AddDays(-30)
        $before = Get-ListOrdersCalls $emu
        $script:orders = @(Get-ShopifyOrder -Connection $conn -CreatedAfter $since -PageSize 100)
        $script:calls = (Get-ListOrdersCalls $emu) - $before
    }
    AfterAll {
        $script:emu | Stop-AlloyEmulator
        Remove-Item -LiteralPath $script:envFile -ErrorAction SilentlyContinue
    }

    It 'reads every order once, over several pages, with the fewest calls' {
        $orders.Count | Should -Be 600
        @($orders.Id | Sort-Object -Unique).Count | Should -Be 600
        $calls | Should -Be 6
    }

    It 'writes typed orders with decimal totals and admin links' {
        $orders[0].PSObject.TypeNames[0] | Should -Be 'AlloyShopifySlack.ShopifyOrder'
        $orders[0].Total | Should -BeOfType [decimal]
        $orders[0].AdminUrl | Should -BeLike "https://admin.shopify.com/store/$($emu.StoreDomain)/orders/*"
        @($orders | Where-Object { $null -eq $_.CustomerName }).Count | Should -BeGreaterThan 0
    }

    It 'works with the canonical filter' {
        $big = @(Get-ShopifyOrder -Connection $conn -CreatedAfter $since | Where-Object Total -ge 500)
        $big.Count | Should -Be @($orders | Where-Object Total -ge 500).Count
        $big.Count | Should -BeGreaterThan 0
    }

    It 'shows a table of Name, CreatedAt, Total, Currency, Customer, FinancialStatus with (guest) for guests' {
        $text = $orders | Select-Object -First 100 | Format-Table | Out-String -Width 250
        $text | Should -Match 'Name\s+CreatedAt\s+Total\s+Currency\s+Customer\s+FinancialStatus'
        $guest = $orders | Where-Object { $null -eq $_.CustomerName } | Select-Object -First 1
        ($guest | Format-Table | Out-String -Width 250) | Should -Match '\(guest\)'
    }

    It 'returns the store with Get-ShopifyShop' {
        $shop = Get-ShopifyShop -Connection $conn
        $shop.StoreDomain | Should -Be $emu.StoreDomain
        $shop.Currency | Should -Be 'USD'
        ($shop | Format-Table | Out-String) | Should -Match 'MyshopifyDomain'
    }

    It 'tags nothing with -WhatIf and tags the orders otherwise' {
        $three = $orders | Select-Object -First 3
        $three | Add-ShopifyOrderTag -Connection $conn -Tag pester-tag -WhatIf
        @(Get-ShopifyOrder -Connection $conn -CreatedAfter $since -Query 'tag:pester-tag').Count | Should -Be 0

        $three | Add-ShopifyOrderTag -Connection $conn -Tag pester-tag
        $tagged = @(Get-ShopifyOrder -Connection $conn -CreatedAfter $since -Query 'tag:pester-tag')
        ($tagged.Id | Sort-Object) | Should -Be ($three.Id | Sort-Object)
    }

    It 'refuses a -PageSize outside 1..250' {
        { Get-ShopifyOrder -Connection $conn -PageSize 0 } | Should -Throw -ErrorId 'ParameterArgumentValidationError,*'
    }

    It 'names the setting when no Shopify credential is configured' {
        if ($env:SHOPIFY_CREDENTIAL_ID -or (Test-Path ./.env)) { Set-ItResult -Skipped -Because 'a credential is configured in this environment'; return }
        $bare = Connect-Alloy -ApiKey $emu.ApiKey -BaseUri $emu.BaseUri -UserId $emu.UserId -NoSession
        { Get-ShopifyOrder -Connection $bare -ErrorAction Stop } | Should -Throw -ErrorId 'MissingSetting_SHOPIFY_CREDENTIAL_ID,*'
    }
}

Describe 'Get-ShopifyOrder under Shopify''s single-query cost limit' {
    BeforeAll {
        # 1,000 points at most per query: a page of 250 orders asks for 3,002, and 74 fit.
        $script:capped = Start-AlloyEmulator -OrderCount 300 -NoThrottling -ArgumentList '--max-query-cost', '1000', '--cost-refusal-status', '400'
        $script:cappedConn = Connect-Alloy -ApiKey $capped.ApiKey -BaseUri $capped.BaseUri -UserId $capped.UserId -NoSession
        $script:credential = $capped.ShopifyCredentialId
        $script:since = (Get-Date).AddDays(-30)
    }
    AfterAll {
        $script:capped | Stop-AlloyEmulator
    }

    It 'warns once that -PageSize 250 is too large, names the size that fits, and reads every order' {
        $orders = @(Get-ShopifyOrder -Connection $cappedConn -CredentialId $credential -CreatedAfter $since -PageSize 250 -WarningVariable warnings -WarningAction SilentlyContinue)
        $orders.Count | Should -Be 300
        @($orders.Id | Sort-Object -Unique).Count | Should -Be 300
        @($warnings).Count | Should -Be 1
        "$warnings" | Should -Match '-PageSize 250 is too large.*-PageSize 74, which fits'
    }

    It 'returns the newest orders, newest first, with -Newest' {
        $newest = @(Get-ShopifyOrder -Connection $cappedConn -CredentialId $credential -Newest 5 -WarningAction SilentlyContinue)
        $expected = @(Get-ShopifyOrder -Connection $cappedConn -CredentialId $credential -CreatedAfter $since -WarningAction SilentlyContinue) |
            Sort-Object CreatedAt -Descending | Select-Object -First 5
        $newest.Count | Should -Be 5
        $newest.Id | Should -Be $expected.Id
        $newest[0].CreatedAt | Should -BeGreaterThan $newest[4].CreatedAt
    }

    It 'refuses -Newest together with -Limit' {
        { Get-ShopifyOrder -Connection $cappedConn -CredentialId $credential -Newest 5 -Limit 5 } | Should -Throw -ErrorId 'AmbiguousParameterSet,*'
    }
}
