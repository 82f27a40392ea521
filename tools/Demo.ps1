<#
.SYNOPSIS
    The whole job on the Alloy emulator: a first Invoke-OrderSync that alerts, a second that finds nothing new,
    and the messages the emulator's Slack received.
.DESCRIPTION
    Starts the emulator on loopback (a store of sample orders, a Slack workspace with the usual 1 message per second
    per channel), connects to it (its key is never shown), runs the sync twice with a VIP route, shows what Slack
    holds and what the sync state remembers, and stops the emulator, also on Ctrl+C or an error.
#>
param(
    [Parameter(Mandatory)] [string] $Root,
    [ValidateSet('Debug', 'Release')] [string] $Configuration = 'Release'
)
$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest
Import-Module (Join-Path $Root 'tools/Emulator.psm1') -Force
Import-Module (Join-Path $Root 'AlloyShopifySlack.psd1') -Force

function Write-Banner([string] $Text) {
    Write-Host ''
    Write-Host ('#' * ($Text.Length + 4)) -ForegroundColor Cyan
    Write-Host "# $Text #" -ForegroundColor Cyan
    Write-Host ('#' * ($Text.Length + 4)) -ForegroundColor Cyan
}

# Slack escapes &, < and > in message text; a person sees the characters.
function ConvertFrom-SlackEscaping([string] $Text) { $Text.Replace('&lt;', '<').Replace('&gt;', '>').Replace('&amp;', '&') }

# The demo's one date format, as the sync's own narration writes dates.
function Format-When($Value) { if ($Value) { $Value.UtcDateTime.ToString('yyyy-MM-dd HH:mm:ss', [cultureinfo]::InvariantCulture) + ' UTC' } else { '(none)' } }

$emulator = $null
$state = Join-Path ([System.IO.Path]::GetTempPath()) ("alloy-demo-state-" + [guid]::NewGuid().ToString('N').Substring(0, 8))
try {
    Write-Banner 'Starting the Alloy emulator'
    # A day of sample orders: enough for a handful of high-value ones in the last 24 hours. The realistic profile:
    # Shopify's query-cost cap, an ignored `after`, undeclared fields (Slack metadata) dropped, 15-message history
    # pages at one call per interval (2 s here instead of Slack's minute, so the demo need not wait), googleSheets.
    $emulator = Start-AlloyEmulator -Root $Root -Configuration $Configuration -OrderCount 40 -OrderDays 1 `
        -ArgumentList '--profile', 'realistic', '--history-interval', '2'
    Write-Host "Emulator listening on $($emulator.BaseUri) (realistic profile)"
    Write-Host "Tenant $($emulator.UserId), store $($emulator.StoreDomain)"

    # The key travels as a SecureString and is never printed.
    Connect-Alloy -ApiKey (ConvertTo-SecureString $emulator.ApiKey -AsPlainText -Force) -BaseUri $emulator.BaseUri -UserId $emulator.UserId
    $vip = 'C0VIPORDERS'
    $sync = @{
        ShopifyCredentialId = $emulator.ShopifyCredentialId
        SlackCredentialId   = $emulator.SlackCredentialId
        Channel             = $emulator.ChannelId
        MinimumTotal        = 500
        Route               = New-OrderRoute -MinimumTotal 2000 -Channel $vip
        StatePath           = $state
    }

    Write-Banner 'First sync: alerts the high-value orders of the last 24 hours'
    $first = Invoke-OrderSync @sync
    $first | Format-Table | Out-String -Width 80 | Write-Host

    Write-Banner 'Second sync: nothing new, nothing posted twice'
    $second = Invoke-OrderSync @sync
    $second | Format-Table | Out-String -Width 80 | Write-Host

    Write-Banner 'An order cancelled after its alert: the alert follows it'
    $alerted = Get-OrderSyncState -StatePath $state -UserId $emulator.UserId -ShopifyCredentialId $emulator.ShopifyCredentialId -Entries |
        Where-Object { $_.Status -eq 'Sent' -and -not $_.DigestId } | Select-Object -First 1
    $null = Update-AlloyEmulatorOrder -Emulator $emulator -Order $alerted.OrderName -Cancel
    $third = Invoke-OrderSync @sync -Quiet
    $alert = Get-AlloyEmulatorMessages -Emulator $emulator -Channel $alerted.Channel | Where-Object ts -eq $alerted.Ts
    $reply = Get-AlloyEmulatorMessages -Emulator $emulator -Channel $alerted.Channel | Where-Object { $_.PSObject.Properties['thread_ts'] -and $_.thread_ts -eq $alerted.Ts -and $_.ts -ne $alerted.Ts }
    Write-Host "$($alerted.OrderName) was cancelled in Shopify. The third sync posted $($third.MessagesSent) new message(s), updated $($third.AlertsUpdated) alert(s) and replied $($third.FollowUps) time(s):"
    Write-Host "  alert, now:   $($alert.blocks[0].text.text) | $($alert.text)"
    Write-Host "  its thread:   $($reply.text)"

    Write-Banner 'What the emulator''s Slack received'
    # As a person sees them in Slack: channel names, and the text with Slack's escaping (&lt; &gt; &amp;) undone.
    $names = @{}
    (Invoke-AlloyAction -ConnectorId slack -ActionId conversations_list -CredentialId $emulator.SlackCredentialId).channels |
        ForEach-Object { $names[$_.id] = '#' + $_.name }
    $messages = @(Get-AlloyEmulatorMessages -Emulator $emulator)
    $messages | ForEach-Object {
        [pscustomobject]@{
            Channel = if ($names.ContainsKey($_.channel)) { $names[$_.channel] } else { $_.channel }
            Message = ConvertFrom-SlackEscaping $_.text
        }
    } | Format-Table -Wrap | Out-String -Width 80 | Write-Host
    Write-Host "$($messages.Count) message(s) in Slack; the first run posted $($first.MessagesSent) ($($first.AlertsSent) alerts), the second $($second.MessagesSent)."

    Write-Banner 'What the sync state remembers'
    $shop = Get-ShopifyShop -CredentialId $emulator.ShopifyCredentialId
    $remembered = Get-OrderSyncState -StatePath $state -UserId $emulator.UserId -ShopifyCredentialId $emulator.ShopifyCredentialId
    [pscustomobject]@{
        Store      = "$($shop.Name) ($($shop.Currency))"
        Checkpoint = Format-When $remembered.Checkpoint
        LastRunAt  = Format-When $remembered.LastRunAt
        Sent       = $remembered.Sent
        Pending    = $remembered.Pending
        Failed     = $remembered.Failed
    } | Format-List | Out-String -Width 80 | Write-Host
}
finally {
    if ($emulator) { $emulator | Stop-AlloyEmulator; Write-Host 'Emulator stopped.' }
    Disconnect-Alloy -ErrorAction SilentlyContinue
    if (Test-Path $state) { Remove-Item $state -Recurse -Force -ErrorAction SilentlyContinue }
}
