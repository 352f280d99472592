#!/bin/sh
# Installs this Willay folder for the current user only (no administrator rights):
#   ~/.local/opt/willay/             a copy of this folder (willay, willay-cli, _internal/)
#   ~/.local/bin/willay, willay-cli  links to the two programs
#   ~/.local/share/applications/     the menu entry
#   ~/.local/share/icons/hicolor/    the icon in every size
# The build puts this script at the top of the app folder (dist/willay/install.sh), so the
# folder copied to a USB stick installs itself: run `sh willay/install.sh` on the laptop.
# Run it again to update; delete those paths to uninstall.
set -eu
source_dir=$(cd "$(dirname "$0")" && pwd)
if [ ! -x "$source_dir/willay" ] || [ ! -x "$source_dir/willay-cli" ]; then
    echo "install.sh: $source_dir is not a built Willay folder (run 'make package')." >&2
    exit 1
fi
icons="$source_dir/_internal/resources/icons"
data=${XDG_DATA_HOME:-"$HOME/.local/share"}
target="$HOME/.local/opt/willay"
mkdir -p "$HOME/.local/opt" "$HOME/.local/bin" "$data/applications"
if [ "$source_dir" != "$target" ]; then
    rm -rf "$target.new"
    cp -R "$source_dir" "$target.new"
    rm -rf "$target"
    mv "$target.new" "$target"
fi
ln -sf "$target/willay" "$HOME/.local/bin/willay"
ln -sf "$target/willay-cli" "$HOME/.local/bin/willay-cli"
for size in 16 24 32 48 64 128 256 512; do
    mkdir -p "$data/icons/hicolor/${size}x${size}/apps"
    cp "$icons/willay-$size.png" "$data/icons/hicolor/${size}x${size}/apps/willay.png"
done
mkdir -p "$data/icons/hicolor/scalable/apps"
cp "$icons/willay.svg" "$data/icons/hicolor/scalable/apps/willay.svg"
sed "s|^Exec=willay|Exec=$target/willay|; s|^TryExec=willay|TryExec=$target/willay|" \
    "$source_dir/willay.desktop" > "$data/applications/willay.desktop"
if command -v update-desktop-database >/dev/null; then
    update-desktop-database -q "$data/applications" || true
fi
if command -v gtk-update-icon-cache >/dev/null; then
    gtk-update-icon-cache -q -t "$data/icons/hicolor" || true
fi
echo "Willay installed in $target; start it from the menu or with 'willay'."
