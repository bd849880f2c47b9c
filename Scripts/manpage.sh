#!/usr/bin/env bash
# Writes consentgate(1) from the program's own help, so that the manual
# says what the program does: `Scripts/manpage.sh BINARY > consentgate.1`.
set -euo pipefail
bin=${1:?usage: manpage.sh BINARY}
version=$("$bin" --version)

# roff: a backslash is written \e; a line starting with . or ' is escaped.
roff() { sed -e 's/\\/\\e/g' -e "s/^\\([.']\\)/\\\\\\&\\1/"; }

subcommands() {
    "$bin" --help | awk '/^SUBCOMMANDS:/ { on = 1; next } on && /^  [a-z]/ { print $1 } on && /^$/ { exit }'
}

cat <<HEAD
.TH CONSENTGATE 1 "" "consentgate $version" "User Commands"
.SH NAME
consentgate \\- the gate between a school's photos and its social media
.SH SYNOPSIS
.B consentgate
[\\fB\\-\\-workspace\\fR \\fIdir\\fR] \\fIcommand\\fR [\\fIoptions\\fR]
.SH DESCRIPTION
.nf
HEAD
"$bin" --help | roff
echo ".fi"
for command in $(subcommands); do
    echo ".SH \"consentgate $command\""
    echo ".nf"
    "$bin" help "$command" 2>&1 | roff
    for sub in $("$bin" help "$command" 2>&1 | awk '/^SUBCOMMANDS:/ { on = 1; next } on && /^  [a-z]/ { print $1 } on && /^$/ { exit }'); do
        echo
        "$bin" help "$command" "$sub" 2>&1 | roff
    done
    echo ".fi"
done
cat <<TAIL
.SH FILES
.TP
.I /srv/consentgate
the workspace of an installed service (consentgate.yaml, consentgate.sqlite, inbox/, published/, archive/, rejected/)
.TP
.I /usr/local/share/consentgate
the configuration template \\fBinit\\fR starts from
.SH ENVIRONMENT
.TP
.B CONSENTGATE_HOME
the workspace when \\fB\\-\\-workspace\\fR is not given
.SH EXIT STATUS
0 all approved (or clean), 3 some rejected (or findings), 2 usage error, 1 failure: nothing published, nothing recorded.
TAIL
