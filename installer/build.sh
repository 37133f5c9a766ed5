#!/usr/bin/env bash
# Builds Pipewright's desktop installers with the JDK's jpackage:
#   installer/out/pipewright/           an app-image (bin/pipewright is the launcher)
#   installer/out/pipewright_<v>_amd64.deb   a Debian package with menu entry and file associations
# usage: installer/build.sh [--app-image-only]
# installer/resources/pipewright.desktop replaces jpackage's desktop entry so that files are passed (%F).
# Needs JDK 17 (jpackage, jlink); the .deb also needs fakeroot and dpkg-deb.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -f target/pipewright.jar ]; then
  mvn -B -q package -DskipTests
fi
version=$(java -jar target/pipewright.jar --version | awk '{print $2}')
out=installer/out
rm -rf "$out"
mkdir -p "$out/input"
cp target/pipewright.jar "$out/input/"

# The runtime image holds only the modules the app uses (jdeps on the fat jar, checked by hand):
modules=java.base,java.desktop,java.logging,java.xml,java.sql,java.naming,java.management,java.prefs
modules=$modules,jdk.unsupported,jdk.unsupported.desktop,java.scripting,jdk.jsobject,jdk.zipfs,jdk.crypto.ec,jdk.localedata
# kafka-clients (pipewright stream) needs SASL and GSS-API classes even without Kerberos
modules=$modules,java.security.sasl,java.security.jgss

common=(
  --name pipewright
  --app-version "$version"
  --vendor "Pipewright"
  --description "Desktop workbench for tabular machine learning"
  --input "$out/input"
  --main-jar pipewright.jar
  --main-class io.pipewright.Main
  --icon assets/icons/pipewright-256.png
  --add-modules "$modules"
  --jlink-options "--strip-debug --no-header-files --no-man-pages"
  --java-options "-XX:+UseG1GC -XX:MaxRAMPercentage=75"
  # the class-data archive written below, where the image was built; an image moved elsewhere, or the .deb
  # installed to /opt/pipewright, starts without it (the JVM leaves a missing or mismatched archive aside, silently)
  --java-options '-XX:SharedArchiveFile=$APPDIR/pipewright.jsa -Xlog:cds=off -XX:+IgnoreUnrecognizedVMOptions'
  --java-options "-XX:+UnlockDiagnosticVMOptions -XX:ArchiveRelocationMode=0"
  --dest "$out"
)

echo "building the app-image of pipewright $version" >&2
jpackage --type app-image "${common[@]}"
# the classes a start loads (src/main/cds/pipewright.classlist), parsed and verified once, by the image's own Java,
# for its jar where it lies (an archive names the jar's path)
app=$(cd "$out/pipewright/lib/app" && pwd)
"$out/pipewright/lib/runtime/bin/java" -Xshare:dump -XX:SharedClassListFile=src/main/cds/pipewright.classlist \
  -XX:SharedArchiveFile="$app/pipewright.jsa" -cp "$app/pipewright.jar" > "$out/class-data-archive.log" 2>&1
"$out/pipewright/bin/pipewright" --version

if [ "${1:-}" = "--app-image-only" ]; then
  exit 0
fi

associations=()
for file in installer/associations/*.properties; do
  associations+=(--file-associations "$file")
done
echo "building the .deb" >&2
jpackage --type deb "${common[@]}" "${associations[@]}" \
  --linux-package-name pipewright \
  --linux-deb-maintainer "packages@pipewright.io" \
  --linux-menu-group "Development;Science;" \
  --linux-app-category science \
  --linux-shortcut \
  --resource-dir installer/resources \
  --linux-package-deps libgtk-3-0
ls -l "$out"/*.deb
