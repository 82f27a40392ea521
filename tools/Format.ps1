# build.ps1 format: the mechanical part of the house style, applied the same way every time (a second run changes nothing).
#   1. dotnet format style: file-scoped namespaces (IDE0161), no unneeded usings (IDE0005), usings outside (IDE0065).
#   2. tools/LineWrap: C# lines over 140 characters broken between tokens (and // comments between words); what it
#      cannot break (a long string literal) it names, to be wrapped by hand.
# -Check reports what would change and fails, writing nothing.
# Not 'dotnet format whitespace': Roslyn's formatter re-expands every brace construct (an initializer, a one-line block)
# that a wrap breaks, so it and a line limit never agree; the whitespace rules (IDE0055) are not enforced either.

function Invoke-SourceFormat {
    param([string] $Root, [switch] $Check, [int] $MaxLineLength = 140)
    $solution = Join-Path $Root 'AlloyPs.sln'
    $verify = @(if ($Check) { '--verify-no-changes' })
    $failed = @()

    Write-Host '== dotnet format style (namespaces, usings)'
    & dotnet format style $solution --diagnostics IDE0161 IDE0005 IDE0065 --severity warn -v q @verify
    if ($LASTEXITCODE -ne 0) { $failed += 'style' }

    Write-Host "== line wrap (<= $MaxLineLength)"
    $wrapProject = Join-Path $Root 'tools/LineWrap/LineWrap.csproj'
    & dotnet build $wrapProject -c Release --nologo -v q | Out-Null
    if ($LASTEXITCODE -ne 0) { throw "tools/LineWrap does not build: run 'dotnet build $wrapProject' to see why." }
    $files = Get-TrackedSourceFile -Root $Root -Pattern '*.cs'
    $wrapArguments = @('--max', "$MaxLineLength") + @(if ($Check) { '--check' }) + $files
    Push-Location $Root
    try { & dotnet (Join-Path $Root 'tools/LineWrap/bin/Release/net10.0/LineWrap.dll') @wrapArguments }
    finally { Pop-Location }
    if ($LASTEXITCODE -ne 0) { $failed += 'line wrap' }

    if ($failed) { throw "The source is not formatted ($($failed -join ', ')): run 'dotnet pwsh ./build.ps1 format'." }
}

function Get-TrackedSourceFile {
    <# The files git tracks or would add (not ignored) under src/, tests/ and tools/, relative to the root. #>
    param([string] $Root, [string] $Pattern)
    $files = & git -C $Root ls-files --cached --others --exclude-standard -- "src/$Pattern" "tests/$Pattern" "tools/$Pattern"
    if ($LASTEXITCODE -ne 0) { throw 'git ls-files failed: build.ps1 format needs a git checkout.' }
    @($files | Where-Object { Test-Path (Join-Path $Root $_) } | Sort-Object -Unique)
}
