#!/bin/bash
# The README's "Install as a service" section, run as written on a throwaway
# Debian 12 machine, as root, then used as staff would use it. Where systemd
# is not PID 1 (a container), the unit cannot start: the unit is checked with
# systemd-analyze and its ExecStart is run as its User, with its Environment.
# Leaves the installation in place; removes the three staff accounts it made.
set -euo pipefail
cd "$(dirname "$0")/.."
[ "$(id -u)" = 0 ] || { echo "run as root" >&2; exit 2; }
export PATH=$PATH:/usr/local/bin:/opt/swift/usr/bin
step() { printf '\n== %s\n' "$*"; }

step "make install"
make install
teacher=cgcheckta; head=cgcheckht; manager=cgcheckbm
for account in $teacher $head $manager; do getent passwd $account >/dev/null || useradd --system --user-group --no-create-home --shell /usr/sbin/nologin $account; done
trap 'pkill -TERM -u consentgate -f "consentgate serve" || true; for a in $teacher $head $manager; do userdel $a || true; done' EXIT

step "consentgate init"
consentgate init --school-name "Oakfield Primary School" --admin "$manager" --logo Config/logo.png

step "the unit"
systemd-analyze verify /etc/systemd/system/consentgate.service
if [ "$(ps -p 1 -o comm=)" = systemd ]; then
    systemctl daemon-reload && systemctl enable --now consentgate
else
    echo "(systemd is not PID 1 here: running the unit's ExecStart as its User instead)"
    exec_start=$(sed -n 's/^ExecStart=//p' /etc/systemd/system/consentgate.service)
    home=$(sed -n 's/^Environment=CONSENTGATE_HOME=//p' /etc/systemd/system/consentgate.service)
    ( umask 027; CONSENTGATE_HOME=$home setpriv --reuid=consentgate --regid=consentgate --init-groups $exec_start \
        >/tmp/consentgate-serve.log 2>&1 & )
    for _ in $(seq 100); do [ -S "$home/consentgate.sock" ] && break; sleep 0.1; done
fi

step "designate staff, as root"
consentgate register import Fixtures/register/register.csv
consentgate staff add TA --account $teacher --channels facebook
consentgate staff add HT --account $head --roles reviewer

step "consentgate doctor"
consentgate doctor

step "staff at work, from their own accounts"
cp Fixtures/photos/school-trip.jpg /tmp/trip.jpg && chmod 644 /tmp/trip.jpg
runuser -u $teacher -- consentgate submit /tmp/trip.jpg --nobody
runuser -u $teacher -- consentgate status
if runuser -u $teacher -- consentgate staff add TA --account $teacher --channels all; then
    echo "FAILED: a publisher changed her own channels" >&2; exit 1
fi
runuser -u $manager -- consentgate staff add TA --account $teacher --channels facebook,website
runuser -u $head -- consentgate audit
echo; echo "install-check: the README's service section works as written"
