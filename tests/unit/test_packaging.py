"""What packaging/ ships besides the frozen folder: menu entry, installer scripts, icons."""

from __future__ import annotations

import configparser
import os
import shutil
import stat
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PIL import Image

ROOT = Path(__file__).resolve().parents[2]
PACKAGING = ROOT / "packaging"
ICONS = ROOT / "resources" / "icons"
SIZES = (16, 24, 32, 48, 64, 128, 256, 512)


def _desktop_entry(path: Path) -> configparser.SectionProxy:
    parser = configparser.ConfigParser(interpolation=None, strict=True)
    # Keys keep their case (Name[es]); configparser's documented way is to replace this method.
    parser.optionxform = str  # type: ignore[assignment,method-assign]
    parser.read(path, encoding="utf-8")
    return parser["Desktop Entry"]


def test_desktop_entry_is_valid_and_bilingual() -> None:
    path = PACKAGING / "linux" / "willay.desktop"
    entry = _desktop_entry(path)
    assert entry["Type"] == "Application" and entry["Name"] == "Willay"
    assert entry["Exec"] == "willay" and entry["Icon"] == "willay"
    assert entry["Terminal"] == "false"
    assert "Comment[es]" in entry and "GenericName[es]" in entry
    assert entry["Categories"].endswith(";")
    validator = shutil.which("desktop-file-validate")
    if validator:
        result = subprocess.run([validator, str(path)], capture_output=True, text=True,
                                check=False)
        assert result.returncode == 0 and not result.stdout.strip(), result.stdout


def test_icons_exist_in_every_size_with_transparent_corners() -> None:
    root = ET.parse(ICONS / "willay.svg").getroot()  # noqa: S314 (our own file)
    assert root.tag.endswith("svg") and root.get("viewBox") == "0 0 512 512"
    for size in SIZES:
        with Image.open(ICONS / f"willay-{size}.png") as image:
            assert image.format == "PNG" and image.size == (size, size)
            assert image.mode == "RGBA"
            corner, inside = image.getpixel((0, 0)), image.getpixel((size // 2, size // 8))
            assert isinstance(corner, tuple) and isinstance(inside, tuple)
            assert corner[3] == 0  # rounded corner
            assert inside[3] == 255
    with Image.open(PACKAGING / "windows" / "willay.ico") as ico:
        assert {(16, 16), (32, 32), (48, 48), (256, 256)} <= set(ico.info["sizes"])
    with Image.open(PACKAGING / "macos" / "willay.icns") as icns:
        assert icns.format == "ICNS" and icns.size[0] >= 256


def test_inno_setup_script_installs_per_user_without_admin() -> None:
    text = (PACKAGING / "windows" / "willay.iss").read_text(encoding="utf-8")
    lines = {line.split("=", 1)[0]: line.split("=", 1)[1] for line in text.splitlines()
             if "=" in line and not line.startswith((";", "Name:", "Source:", "Filename:"))}
    assert lines["PrivilegesRequired"] == "lowest"
    assert lines["DefaultDirName"].startswith("{userpf}")
    assert (PACKAGING / "windows" / lines["SetupIconFile"]).is_file()
    assert 'Source: "..\\..\\dist\\willay\\*"' in text
    assert '{userprograms}\\Willay\\Willay"; Filename: "{app}\\willay.exe"' in text
    assert "willay-cli.exe" in text
    assert "{commonprograms}" not in text and "HKLM" not in text


def test_launchers_run_the_installed_entry_points() -> None:
    gui = (PACKAGING / "launchers" / "run_willay.py").read_text(encoding="utf-8")
    cli = (PACKAGING / "launchers" / "run_willay_cli.py").read_text(encoding="utf-8")
    assert "from willay.gui.app import main" in gui
    assert "from willay.cli import main" in cli
    spec = (PACKAGING / "willay.spec").read_text(encoding="utf-8")
    assert "run_willay.py" in spec and "run_willay_cli.py" in spec
    for kept in ("PySide6.QtSvg", "PySide6.QtCharts", "PySide6.QtPrintSupport"):
        assert f'"{kept}"' in spec


@pytest.mark.skipif(os.name != "posix", reason="the Linux installer is a POSIX shell script")
def test_linux_installer_installs_for_the_user_only(tmp_path: Path) -> None:
    # A folder laid out as `make package` lays it out; its programs are stand-ins.
    built = tmp_path / "usb" / "willay"
    (built / "_internal" / "resources").mkdir(parents=True)
    shutil.copytree(ICONS, built / "_internal" / "resources" / "icons")
    for name in ("install.sh", "willay.desktop"):
        shutil.copy2(PACKAGING / "linux" / name, built / name)
    for program in ("willay", "willay-cli"):
        (built / program).write_text(f"#!/bin/sh\necho {program}\n")
        (built / program).chmod(0o755)
    home = tmp_path / "home"
    home.mkdir()
    env = {"HOME": str(home), "PATH": os.environ.get("PATH", "/usr/bin:/bin")}
    result = subprocess.run(["sh", str(built / "install.sh")], env=env, capture_output=True,
                            text=True, timeout=60, check=False)
    assert result.returncode == 0, result.stderr
    target = home / ".local" / "opt" / "willay"
    assert (target / "willay").stat().st_mode & stat.S_IXUSR
    link = home / ".local" / "bin" / "willay-cli"
    assert link.is_symlink() and link.resolve() == (target / "willay-cli").resolve()
    installed = home / ".local" / "share" / "applications" / "willay.desktop"
    assert _desktop_entry(installed)["Exec"] == str(target / "willay")
    for size in SIZES:
        assert (home / ".local" / "share" / "icons" / "hicolor" / f"{size}x{size}" / "apps"
                / "willay.png").read_bytes() == (ICONS / f"willay-{size}.png").read_bytes()
    assert (home / ".local/share/icons/hicolor/scalable/apps/willay.svg").is_file()
    # Run again (an update): still one copy, the links still right.
    again = subprocess.run(["sh", str(built / "install.sh")], env=env, capture_output=True,
                           text=True, timeout=60, check=False)
    assert again.returncode == 0, again.stderr
    assert sorted(p.name for p in (home / ".local" / "opt").iterdir()) == ["willay"]


def test_linux_installer_refuses_a_folder_without_the_programs(tmp_path: Path) -> None:
    shutil.copy2(PACKAGING / "linux" / "install.sh", tmp_path / "install.sh")
    result = subprocess.run(["sh", str(tmp_path / "install.sh")],
                            env={"HOME": str(tmp_path), "PATH": os.environ.get("PATH", "")},
                            capture_output=True, text=True, timeout=60, check=False)
    assert result.returncode == 1
    assert "is not a built Willay folder" in result.stderr
    assert not (tmp_path / ".local").exists()
