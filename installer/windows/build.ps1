<#
.SYNOPSIS
  Builds dist\tap-assistant-<version>-x64.msi on Windows x64.

.DESCRIPTION
  The same steps as installer/build.sh on Linux: a PyInstaller one-folder bundle, a Java runtime
  cut down with jlink, the LanguageTool engine from Maven Central, then the MSI from the WiX 3
  sources (tap-assistant.wxs + the generated policy.wxi + the harvested bundle files) with
  candle and light, which also run the ICE validation wixl cannot.

  Needs: Python 3.11 (with the project's dependencies installable from PyPI), a JDK 17 with
  jmods (JAVA_HOME or -Jdk), Maven on PATH, WiX Toolset 3.14 (candle.exe, light.exe on PATH or
  in WIX\bin). Used by .github/workflows/windows-msi.yml.

.EXAMPLE
  pwsh installer\windows\build.ps1
  pwsh installer\windows\build.ps1 -Python C:\Python311\python.exe -Jdk "C:\Program Files\Eclipse Adoptium\jdk-17"
#>
param(
  [string]$Python = "python",
  [string]$Jdk = $env:JAVA_HOME
)
$ErrorActionPreference = "Stop"
Set-StrictMode -Version Latest

$Root = (Resolve-Path (Join-Path $PSScriptRoot "..\..")).Path
$Dist = Join-Path $Root "dist"
$Work = Join-Path $Root "build\installer\windows"
$Bundle = Join-Path $Dist "tap-assistant"
# Same list as installer/build.sh (see installer/README.md, "Java runtime").
$JlinkModules = "java.base,java.logging,java.xml,java.naming,java.sql,java.management,java.desktop,jdk.httpserver,jdk.unsupported,jdk.zipfs,jdk.crypto.ec,java.net.http"

function Invoke-Checked([string]$What, [scriptblock]$Block) {
  Write-Host "[build] $What"
  & $Block
  if ($LASTEXITCODE -ne 0) { throw "$What failed (exit code $LASTEXITCODE)" }
}

function Find-Wix([string]$Tool) {
  $onPath = Get-Command $Tool -ErrorAction SilentlyContinue
  if ($onPath) { return $onPath.Source }
  foreach ($dir in @($env:WIX, "${env:ProgramFiles(x86)}\WiX Toolset v3.14", "${env:ProgramFiles(x86)}\WiX Toolset v3.11")) {
    if ($dir -and (Test-Path (Join-Path $dir "bin\$Tool"))) { return (Join-Path $dir "bin\$Tool") }
  }
  throw "$Tool not found: install the WiX Toolset 3.14 (choco install wixtoolset)"
}

if (-not $Jdk -or -not (Test-Path (Join-Path $Jdk "jmods"))) { throw "no JDK with jmods: set JAVA_HOME or -Jdk to a JDK 17" }
$Candle = Find-Wix "candle.exe"
$Light = Find-Wix "light.exe"

$Version = (& $Python -c "import sys; sys.path.insert(0, sys.argv[1]); import tap_assistant; print(tap_assistant.__version__)" $Root).Trim()
Remove-Item -Recurse -Force $Bundle, $Work -ErrorAction SilentlyContinue
New-Item -ItemType Directory -Force $Dist, $Work | Out-Null

Invoke-Checked "install PyInstaller and the app's dependencies" { & $Python -m pip install -q -e "$Root[installer]" }
Invoke-Checked "PyInstaller one-folder build" {
  & $Python -m PyInstaller --noconfirm --clean --log-level WARN --distpath $Dist --workpath (Join-Path $Work "pyinstaller") (Join-Path $Root "installer\pyinstaller\tap-assistant.spec")
}
Invoke-Checked "Java runtime (jlink)" {
  & (Join-Path $Jdk "bin\jlink.exe") --module-path (Join-Path $Jdk "jmods") --add-modules $JlinkModules --strip-debug --no-man-pages --no-header-files --output (Join-Path $Bundle "runtime")
}
Invoke-Checked "class-data sharing archive" { & (Join-Path $Bundle "runtime\bin\java.exe") -Xshare:dump | Out-Null }
Invoke-Checked "LanguageTool engine" { & $Python -m tap_assistant engine install --dir (Join-Path $Bundle "engine") }
Invoke-Checked "sentence model (meaning check)" { & $Python -m tap_assistant model install --dir (Join-Path $Bundle "model") }
Copy-Item (Join-Path $Root "LICENSE"), (Join-Path $Root "THIRD-PARTY-NOTICES.md") $Bundle
Invoke-Checked "smoke test" { & (Join-Path $Bundle "tap-assistant.exe") --version }

Invoke-Checked "harvest the bundle" { & $Python (Join-Path $Root "installer\windows\harvest.py") $Bundle (Join-Path $Work "files.wxs") }
Invoke-Checked "candle" {
  & $Candle -nologo -arch x64 "-dVersion=$Version" "-dSourceDir=$Bundle" -I (Join-Path $Root "installer\windows") -out "$Work\" (Join-Path $Root "installer\windows\tap-assistant.wxs") (Join-Path $Work "files.wxs")
}
$Msi = Join-Path $Dist "tap-assistant-$Version-x64.msi"
# ICE38/43/57: the Start menu shortcut's key path is in HKLM, which is right for a per-machine
# install but trips the per-user checks.
Invoke-Checked "light" {
  & $Light -nologo -sice:ICE38 -sice:ICE43 -sice:ICE57 -out $Msi (Join-Path $Work "tap-assistant.wixobj") (Join-Path $Work "files.wixobj")
}
Write-Host "[build] $Msi ($([math]::Round((Get-Item $Msi).Length / 1MB)) MB)"
