#!/usr/bin/env bash
# Installs the Debian packages the tests and the demo use. Idempotent: installs only what is
# missing (one `apt-get update` first when something is). Needs root for that; otherwise prints
# what to install.
#   libkrb5-dev pkg-config      build the code-server native modules (scripts/setup-vscode.mjs)
#   ripgrep                     search inside code-server (its own download step is skipped)
#   chromium                    drives code-server in the editor tests, screenshots
#   openssh-server              real sshd on loopback for the SSH/deploy/NFS tests
#   nginx                       `nginx -t` checks of generated configs
#   libnginx-mod-stream, -mail  nginx's stream and mail modules, which the nginx -t fixtures load
#                               (Debian ships them apart; the nginx package does not pull them in)
#   zookeeper                   a real registry for the reachability tests
#   fonts-wqy-microhei          CJK font: Chinese labels render in screenshots
#   libxml2-utils               xmllint for the XML config tests
#   nftables iproute2           the two-region network lab (namespaces, veth, NAT)
set -euo pipefail

packages=(libkrb5-dev pkg-config ripgrep chromium openssh-server nginx libnginx-mod-stream libnginx-mod-mail zookeeper fonts-wqy-microhei libxml2-utils nftables iproute2)

missing=()
for p in "${packages[@]}"; do
  if [ "$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)" != "install ok installed" ]; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "[setup-system] all Debian packages present: ${packages[*]}"
  exit 0
fi

echo "[setup-system] missing Debian packages: ${missing[*]}"
if [ "$(id -u)" -ne 0 ]; then
  echo "[setup-system] not root: install them with" >&2
  echo "  sudo apt-get update && sudo apt-get install -y ${missing[*]}" >&2
  exit 1
fi

export DEBIAN_FRONTEND=noninteractive
echo "[setup-system] apt-get update"
apt-get update -q
echo "[setup-system] apt-get install -y ${missing[*]}"
apt-get install -y -q "${missing[@]}"
# Installing a server package may start its service; the tests run their own instances on
# loopback ports, so a running system service is left as the package set it up.
echo "[setup-system] done"
