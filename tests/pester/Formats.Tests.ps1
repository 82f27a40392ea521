# The format views (module/formats) and the objects agree: every column a table shows can be asked for by its header
# (Format-Table Fetched, HighValue, Sent), through the real property or a hidden alias (module/types).
BeforeDiscovery {
    $root = Resolve-Path (Join-Path $PSScriptRoot '../..')
    $script:views = foreach ($file in Get-ChildItem (Join-Path $root 'module/formats') -Filter *.ps1xml) {
        [xml] $xml = Get-Content -Raw $file.FullName
        $sets = @{}
        foreach ($set in $xml.Configuration.SelectionSets.SelectionSet) { $sets[$set.Name] = @($set.Types.TypeName) }
        foreach ($view in $xml.Configuration.ViewDefinitions.View | Where-Object { $_['TableControl'] }) {
            $types = if ($view.ViewSelectedBy['SelectionSetName']) { $sets[$view.ViewSelectedBy.SelectionSetName] } else { @($view.ViewSelectedBy.TypeName) }
            @{ Name = $view.Name; Types = $types; Labels = @($view.TableControl.TableHeaders.TableColumnHeader | ForEach-Object { $_.Label }) }
        }
    }
}

BeforeAll {
    $root = Resolve-Path (Join-Path $PSScriptRoot '../..')
    Import-Module (Join-Path $root 'AlloyShopifySlack.psd1') -Force
    $script:assembly = [AlloyShopifySlack.Cmdlets.ConnectAlloyCommand].Assembly
}

Describe 'Format views and properties agree' {
    It '<Name>: every column header is a property of the type' -ForEach $views {
        $type = $Types | ForEach-Object { $assembly.GetType($_, $false) } | Where-Object { $_ } | Select-Object -First 1
        $type | Should -Not -BeNullOrEmpty -Because "the view $Name must select a type of the module ($($Types -join ', '))"
        $names = @($type.GetProperties().Name) + @($Types | ForEach-Object { (Get-TypeData $_).Members.Keys })
        @($Labels | Where-Object { $_ -notin $names }) | Should -BeNullOrEmpty
    }

    It 'Format-Table Fetched, HighValue, Alerts, Sent shows the numbers of a sync result' {
        $result = [AlloyShopifySlack.Sync.OrderSyncResult]@{ OrdersFetched = 40; HighValueOrders = 205; AlertsSent = 205; MessagesSent = 3; DuplicatesSkipped = 1 }
        $table = ($result | Format-Table Fetched, HighValue, Alerts, Sent, Duplicates | Out-String).Trim() -split "`n"
        $table[-1].Trim() -split '\s+' | Should -Be @('40', '205', '205', '3', '1')
    }

    It 'shows AlertsSent next to MessagesSent in the default table' {
        $result = [AlloyShopifySlack.Sync.OrderSyncResult]@{ AlertsSent = 205; MessagesSent = 3; Digests = 3; Channels = @('C0ALERTS001') }
        $text = $result | Format-Table | Out-String -Width 80
        $text | Should -Match 'Alerts\s+Messages'
        $text | Should -Match '\s205\s+3\s'
        $text | Should -Match 'C0ALERTS001'   # the whole id fits at 80 columns
    }

    It 'keeps the aliases out of Get-Member, ConvertTo-Json and Export-Csv (the contract''s names only)' {
        $result = [AlloyShopifySlack.Sync.OrderSyncResult]::new()
        ($result | ConvertTo-Json -Compress) | Should -Not -Match '"Fetched"'
        ($result | ConvertTo-Csv)[0] | Should -Not -Match '"HighValue"'
        ($result | Get-Member -Name Fetched) | Should -BeNullOrEmpty
    }
}
