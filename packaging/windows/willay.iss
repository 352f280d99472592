; Inno Setup script: a per-user installer for the frozen Willay folder (dist\willay).
; No administrator rights: it installs under %LOCALAPPDATA%\Programs\Willay and adds
; Start-menu shortcuts for the current user only. Build on Windows after `make package`
; (or the pyinstaller command of packaging\README.md), from the top of the checkout:
;   iscc /DAppVersion=0.1.0 packaging\windows\willay.iss
; The installer is written to dist\Willay-<version>-setup.exe.

#ifndef AppVersion
  #define AppVersion "0.1.0"
#endif

[Setup]
AppId={{6C1F4E7A-2B1D-4F7E-9C59-5E3A8A7D2B41}
AppName=Willay
AppVersion={#AppVersion}
AppVerName=Willay {#AppVersion}
AppPublisher=Willay
AppComments=Offline-first encrypted archive for human-rights field documentation
PrivilegesRequired=lowest
DefaultDirName={userpf}\Willay
DefaultGroupName=Willay
DisableProgramGroupPage=yes
UsePreviousAppDir=yes
OutputDir=..\..\dist
OutputBaseFilename=Willay-{#AppVersion}-setup
SetupIconFile=willay.ico
UninstallDisplayIcon={app}\willay.exe
UninstallDisplayName=Willay {#AppVersion}
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
CloseApplications=yes

[Languages]
Name: "spanish"; MessagesFile: "compiler:Languages\Spanish.isl"
Name: "english"; MessagesFile: "compiler:Default.isl"

[CustomMessages]
spanish.CliShortcut=Willay (línea de comandos)
english.CliShortcut=Willay (command line)
spanish.DesktopIcon=Crear un acceso directo en el escritorio
english.DesktopIcon=Create a desktop shortcut

[Tasks]
Name: "desktopicon"; Description: "{cm:DesktopIcon}"; Flags: unchecked

[Files]
; The whole frozen folder: willay.exe, willay-cli.exe and _internal\ (libraries,
; resources, translations, license texts).
Source: "..\..\dist\willay\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs
Source: "willay.ico"; DestDir: "{app}"; Flags: ignoreversion

[Icons]
Name: "{userprograms}\Willay\Willay"; Filename: "{app}\willay.exe"; IconFilename: "{app}\willay.ico"
; willay-cli is a console program: its shortcut opens a console in the app folder.
Name: "{userprograms}\Willay\{cm:CliShortcut}"; Filename: "{cmd}"; Parameters: "/k willay-cli.exe --help"; WorkingDir: "{app}"; IconFilename: "{app}\willay.ico"
Name: "{userprograms}\Willay\{cm:UninstallProgram,Willay}"; Filename: "{uninstallexe}"
Name: "{userdesktop}\Willay"; Filename: "{app}\willay.exe"; IconFilename: "{app}\willay.ico"; Tasks: desktopicon

[Run]
Filename: "{app}\willay.exe"; Description: "{cm:LaunchProgram,Willay}"; Flags: nowait postinstall skipifsilent

; The vault lives in the user's data folder, not in {app}: uninstalling never touches it.
