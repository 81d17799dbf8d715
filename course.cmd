@echo off
rem The one launcher of the dlcourse course, for Windows (no WSL needed): a thin shim. It finds a JDK and runs
rem the launcher's Java source as a single-file program (no build step); every command lives there, the same
rem code that ./course runs on Linux and macOS: launcher\src\main\java\dlcourse\launcher\Course.java
setlocal
set "ROOT=%~dp0"
if "%ROOT:~-1%"=="\" set "ROOT=%ROOT:~0,-1%"
set "JAVA_EXE="
if defined JAVA_HOME if exist "%JAVA_HOME%\bin\java.exe" set "JAVA_EXE=%JAVA_HOME%\bin\java.exe"
if not defined JAVA_EXE for %%J in (java.exe) do set "JAVA_EXE=%%~$PATH:J"
if not defined JAVA_EXE (
  echo course: no Java found. Install a JDK 17 or newer, e.g. 'winget install EclipseAdoptium.Temurin.21.JDK'. 1>&2
  exit /b 1
)
for %%J in ("%JAVA_EXE%") do set "JAVA_BIN=%%~dpJ"
if not exist "%JAVA_BIN%javac.exe" (
  echo course: %JAVA_EXE% is a JRE; the kernel compiles your cells and needs a JDK ^(javac^). 1>&2
  exit /b 1
)
"%JAVA_EXE%" "-Ddlcourse.root=%ROOT%" "-Ddlcourse.java=%JAVA_EXE%" -Ddlcourse.self=course "%ROOT%\launcher\src\main\java\dlcourse\launcher\Course.java" %*
exit /b %ERRORLEVEL%
