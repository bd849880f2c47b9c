# The README's two commands: `make demo` and `make test`. Each installs what
# is missing (Debian 12, as root or with sudo), builds, and runs.

PACKAGES := libvips-dev libheif-dev libexif-dev zlib1g-dev libimage-exiftool-perl libvips-tools imagemagick sqlite3 fonts-dejavu-core time liblcms2-utils chromium python3 systemd
export PATH := $(PATH):/opt/swift/usr/bin
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: demo test fuzz test-asan test-ubsan sweep deps build bench install clean

demo: build
	@Scripts/demo.sh demo

test: build
	swift build --build-tests
	timeout 1800 swift test
	Tests/Sanitizers/run.sh
	FUZZ_REQUIRE_COVERAGE=0 Tests/Fuzz/fuzz.sh 10

# Fuzz every target longer: make fuzz FUZZ_SECONDS=600
FUZZ_SECONDS ?= 600
fuzz: deps
	Tests/Fuzz/fuzz.sh $(FUZZ_SECONDS)

# The test suite under AddressSanitizer, in its own build folder.
test-asan: deps
	swift build --build-tests --sanitize=address --scratch-path .build-asan
	LSAN_OPTIONS=suppressions=$(CURDIR)/Tests/Fuzz/lsan.supp timeout 3600 swift test --sanitize=address --scratch-path .build-asan

# The C shims under UndefinedBehaviorSanitizer and AddressSanitizer (swiftc
# has no UBSan on Linux, so a C program calls them as the gate does).
test-ubsan: deps
	Tests/Sanitizers/run.sh

# Release build with the Swift runtime linked in statically (faster start,
# less memory), in its own build folder so that `make test` is not rebuilt.
bench: deps
	swift build -c release --static-swift-stdlib --scratch-path .build-bench --product consentgate
	swift build -c release --scratch-path .build-bench --product consentgate-bench
	@# Two real iPhone HEICs from PyPI (pillow-heif's tests), if they can be had.
	python3 Scripts/fetch-phone-heic.py .build-bench/phone-heic > .build-bench/phone-heic.list \
	    || { echo "no iPhone HEICs: measuring without them"; : > .build-bench/phone-heic.list; }
	.build-bench/release/consentgate-bench --binary .build-bench/release/consentgate --phone-heic .build-bench/phone-heic.list

# Every test image of Pillow, pillow-heif and piexif (fetched from PyPI, not kept
# here) through the gate: no crash, nothing published but the school's tags,
# real camera photos published in their shape, and each orientation of one
# picture like the upright one. Needs the network, so not in `test`.
sweep: deps
	swift build -c release --static-swift-stdlib --scratch-path .build-bench --product consentgate
	python3 Scripts/sweep.py .build-bench/release/consentgate .build-bench/sweep

build: deps
	swift build

# The office machine: a release build, its manual and shell completions, the
# configuration template, the systemd unit (enabled by the README's steps),
# the system-wide setting, and the service account with its folder.
# DESTDIR stages the files elsewhere (and makes no account).
PREFIX ?= /usr/local
install: deps
	swift build -c release --static-swift-stdlib --scratch-path .build-bench --product consentgate
	install -D -m 755 .build-bench/release/consentgate $(DESTDIR)$(PREFIX)/bin/consentgate
	install -D -m 644 Config/consentgate.yaml Config/logo.png -t $(DESTDIR)$(PREFIX)/share/consentgate/
	install -d $(DESTDIR)$(PREFIX)/share/man/man1 $(DESTDIR)$(PREFIX)/share/bash-completion/completions \
	    $(DESTDIR)$(PREFIX)/share/zsh/site-functions $(DESTDIR)$(PREFIX)/share/fish/vendor_completions.d
	Scripts/manpage.sh .build-bench/release/consentgate > $(DESTDIR)$(PREFIX)/share/man/man1/consentgate.1
	.build-bench/release/consentgate --generate-completion-script bash > $(DESTDIR)$(PREFIX)/share/bash-completion/completions/consentgate
	.build-bench/release/consentgate --generate-completion-script zsh > $(DESTDIR)$(PREFIX)/share/zsh/site-functions/_consentgate
	.build-bench/release/consentgate --generate-completion-script fish > $(DESTDIR)$(PREFIX)/share/fish/vendor_completions.d/consentgate.fish
	install -D -m 644 Config/consentgate.service $(DESTDIR)/etc/systemd/system/consentgate.service
	install -D -m 755 .build/face-detector/yuface/libfacedetection.so -t $(DESTDIR)$(PREFIX)/lib/consentgate/face-detector/yuface/
	install -D -m 755 .build/face-detector/yuface.libs/libgomp-a34b3233.so.1.0.0 -t $(DESTDIR)$(PREFIX)/lib/consentgate/face-detector/yuface.libs/
	install -D -m 644 .build/face-detector/LICENSE -t $(DESTDIR)$(PREFIX)/lib/consentgate/face-detector/
	@# Every account's command finds the workspace; an edited one is kept.
	[ -e $(DESTDIR)/etc/consentgate/consentgate.yaml ] || install -D -m 644 Config/system-wide.yaml $(DESTDIR)/etc/consentgate/consentgate.yaml
	@# The service's own account and its workspace folder (staff pass through it to their inbox and the socket).
	if [ -z "$(DESTDIR)" ]; then \
	    getent passwd consentgate >/dev/null || useradd --system --home-dir /srv/consentgate --shell /usr/sbin/nologin consentgate; \
	    install -d -o consentgate -g consentgate -m 711 /srv/consentgate; \
	fi

deps: .build/face-detector/yuface/libfacedetection.so
	@missing=$$(for p in $(PACKAGES); do \
	    dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q 'install ok installed' || echo $$p; done); \
	if [ -n "$$missing" ]; then \
	    echo "Installing:" $$missing; \
	    $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing >/dev/null; \
	fi

# The face detector (libfacedetection, from the PyPI wheel yuface 2023.5.1,
# checked by SHA-256), beside the build; never downloaded at run time.
.build/face-detector/yuface/libfacedetection.so:
	python3 Scripts/fetch-face-detector.py .build/face-detector

clean:
	rm -rf .build demo
