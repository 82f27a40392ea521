# Show-SlackOrderMessage from the built module: the page it writes, and that it never sends or opens anything with -NoBrowser.
BeforeAll {
    $root = Resolve-Path (Join-Path $PSScriptRoot '../..')
    Import-Module (Join-Path $root 'AlloyShopifySlack.psd1') -Force
    $script:folder = Join-Path ([System.IO.Path]::GetTempPath()) ("alloy-preview-" + [guid]::NewGuid().ToString('N').Substring(0, 8))
    $null = New-Item -ItemType Directory -Path $folder
    $script:order = [pscustomobject]@{
        Id = 'gid://shopify/Order/5551001'; Name = '#1001'; Total = 1250; Currency = 'USD'
        CustomerName = '<!channel> <script>x</script>'; CreatedAt = [datetimeoffset]'2024-01-15T10:00:00Z'
        LineItems = @([pscustomobject]@{ Name = 'Premium Widget'; Quantity = 5; UnitPrice = 250 })
    }
}

AfterAll {
    Remove-Item -LiteralPath $folder -Recurse -Force -ErrorAction SilentlyContinue
}

Describe 'Show-SlackOrderMessage' {
    It 'writes one page for the piped messages and returns the file' {
        $path = Join-Path $folder 'alerts.html'
        $page = $order | ConvertTo-SlackOrderMessage -WithAcknowledgeButton -StoreDomain alloy-demo-store | Show-SlackOrderMessage -Path $path -NoBrowser
        $page | Should -BeOfType [System.IO.FileInfo]
        $page.FullName | Should -Be $path
        $html = Get-Content -LiteralPath $path -Raw
        $html | Should -Match '<meta http-equiv="Content-Security-Policy" content="default-src ''none''; style-src ''sha256-'
        $html | Should -Match '🎉 High-Value Order: #1001'
        $html | Should -Match 'USD 1,250.00'
        $html | Should -Match ([regex]::Escape('&lt;!channel&gt; &lt;script&gt;x&lt;/script&gt;'))
        $html | Should -Not -Match '<script'
        $html | Should -Match '🙋 Claim'
    }

    It 'builds orders with the template parameters, into a folder given as -Path' {
        $page = $order | Show-SlackOrderMessage -Template '*{Name}* — {Amount}' -Path $folder -NoBrowser
        $page.Name | Should -Be 'slack-preview.html'
        (Get-Content -LiteralPath $page.FullName -Raw) | Should -Match '<b>#1001</b> — USD 1,250.00'
    }

    It 'gives ConvertTo-SlackOrderMessage output a Block Kit Builder link and the whole payload' {
        $message = $order | ConvertTo-SlackOrderMessage
        $message.PreviewUrl | Should -BeLike 'https://app.slack.com/block-kit-builder#*'
        $fromUrl = [uri]::UnescapeDataString($message.PreviewUrl.Split('#', 2)[1]) | ConvertFrom-Json
        ($fromUrl.blocks | ConvertTo-Json -Depth 20 -Compress) | Should -Be ($message.BlocksJson | ConvertFrom-Json | ConvertTo-Json -Depth 20 -Compress)
        $payload = $message.PayloadJson | ConvertFrom-Json
        $payload.text | Should -Be $message.Text
        @($payload.blocks).Count | Should -Be $message.BlockCount
    }
}
