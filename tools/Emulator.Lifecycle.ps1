# Part of Emulator.psm1 (dot-sourced there): what happens after an alert, done by hand in the emulator.

function Update-AlloyEmulatorOrder {
    <#
    .SYNOPSIS Changes an order after it was placed, as a merchant does in the Shopify admin: -Cancel (refunds a paid
    order unless -NoRefund), -Refund [-Amount], -Total (an order edit), -Fulfill. Its updatedAt becomes the emulator's now.
    .EXAMPLE Update-AlloyEmulatorOrder -Order '#1001' -Cancel
    .EXAMPLE Update-AlloyEmulatorOrder -Order '#1002' -Refund -Amount 120
    #>
    [CmdletBinding(DefaultParameterSetName = 'Cancel')]
    param(
        [Parameter(Mandatory, Position = 0)] [string] $Order,
        [Parameter(Mandatory, ParameterSetName = 'Cancel')] [switch] $Cancel,
        [Parameter(ParameterSetName = 'Cancel')] [switch] $NoRefund,
        [Parameter(Mandatory, ParameterSetName = 'Refund')] [switch] $Refund,
        [Parameter(ParameterSetName = 'Refund')] [decimal] $Amount,
        [Parameter(Mandatory, ParameterSetName = 'Edit')] [decimal] $Total,
        [Parameter(Mandatory, ParameterSetName = 'Fulfill')] [switch] $Fulfill,
        $Emulator = $script:LastEmulator
    )
    $body = @{}
    $change = $PSCmdlet.ParameterSetName.ToLowerInvariant()
    if ($NoRefund) { $body.refund = $false }
    if ($PSBoundParameters.ContainsKey('Amount')) { $body.amount = $Amount }
    if ($PSBoundParameters.ContainsKey('Total')) { $body.total = $Total }
    Invoke-EmulatorAdmin $Emulator POST "shopify/orders/$([uri]::EscapeDataString($Order))/$change" $body
}

function Remove-AlloyEmulatorMessage {
    <# .SYNOPSIS Deletes a Slack message by hand, as a person in the channel would (its thread replies stay). #>
    [CmdletBinding()]
    param([Parameter(Mandatory)] [string] $Channel, [Parameter(Mandatory)] [string] $Ts, $Emulator = $script:LastEmulator)
    $null = Invoke-EmulatorAdmin $Emulator DELETE 'slack/messages' -Query @{ channel = $Channel; ts = $Ts }
}
