# Reads module/help/<Verb-Noun>.md (the help source format described in README.md, "Writing help").

function Read-HelpMarkdown {
    param([Parameter(Mandatory)] [string] $Path)
    $lines = Get-Content -LiteralPath $Path -Encoding utf8
    $doc = [ordered]@{
        Name = ''; Synopsis = ''; Description = ''; Parameters = @{}; Examples = [System.Collections.Generic.List[object]]::new()
        Outputs = [System.Collections.Generic.List[string]]::new(); Links = [System.Collections.Generic.List[string]]::new()
    }
    $section = ''
    $current = $null          # the parameter name or example being read
    $buffer = [System.Text.StringBuilder]::new()
    $inCode = $false
    $code = [System.Text.StringBuilder]::new()

    $flush = {
        $text = $buffer.ToString().Trim()
        [void]$buffer.Clear()
        switch ($section) {
            'SYNOPSIS' { $doc.Synopsis = $text }
            'DESCRIPTION' { $doc.Description = $text }
            'PARAMETERS' { if ($current) { $doc.Parameters[$current] = $text } }
            'EXAMPLES' { if ($current) { $current.Remarks = $text } }
        }
    }

    foreach ($line in $lines) {
        if ($inCode) {
            if ($line -match '^```') { $inCode = $false; if ($current -is [hashtable]) { $current.Code = $code.ToString().TrimEnd() }; [void]$code.Clear() }
            else { [void]$code.AppendLine($line) }
            continue
        }
        if ($line -match '^```') { $inCode = $true; continue }
        if ($line -match '^# (\S+)') { $doc.Name = $Matches[1]; continue }
        if ($line -match '^## (.+)$') { & $flush; $section = $Matches[1].Trim().ToUpperInvariant(); $current = $null; continue }
        if ($line -match '^### (.+)$') {
            & $flush
            $heading = $Matches[1].Trim()
            switch ($section) {
                'PARAMETERS' { $current = $heading.TrimStart('-') }
                'EXAMPLES' { $current = @{ Title = $heading; Code = ''; Remarks = '' }; $doc.Examples.Add($current) }
                'OUTPUTS' { $doc.Outputs.Add($heading) }
                default { }
            }
            continue
        }
        if ($section -eq 'RELATED LINKS' -and $line -match '^\s*[-*]\s+(.+)$') { $doc.Links.Add($Matches[1].Trim()); continue }
        [void]$buffer.AppendLine($line)
    }
    & $flush
    [pscustomobject]$doc
}
