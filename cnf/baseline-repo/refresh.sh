#!/usr/bin/env bash
# Rebuilds cnf/baseline-repo, the Maven repository the build baselines exported packages against: the jars of
# every bundle that exports packages, built from the committed HEAD (not the working tree) at release version
# VERSION (default: the project version without -SNAPSHOT), then sets hearth.baseline.version in pom.xml.
# Run it when you release, then commit cnf/baseline-repo and pom.xml. See cnf/README.md.
#   cnf/baseline-repo/refresh.sh [VERSION]      (MAVEN_ARGS, e.g. -Dmaven.repo.local=..., is passed to mvn)
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
current=$(sed -n 's:^  <version>\(.*\)</version>$:\1:p' pom.xml | head -1)
version=${1:-${current%-SNAPSHOT}}
commit=$(git rev-parse HEAD)
# Maven keeps a release in every local repository once fetched: a version must never be rebuilt differently
if [ -d "cnf/baseline-repo/org/hearthsync" ] && ls -d cnf/baseline-repo/org/hearthsync/*/"$version" >/dev/null 2>&1; then
    echo "cnf/baseline-repo holds $version already; a release version is never rebuilt (give a new one)" >&2
    exit 1
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

git clone -q "$root" "$work/src"
cd "$work/src"
git checkout -q "$commit"
# a release build: the same sources at the release version
find . -name pom.xml -exec sed -i "s:<version>$current</version>:<version>$version</version>:" {} +
modules=$(ls -d bundles/*/ | sed 's:/$::' | paste -sd, -)
# shellcheck disable=SC2086
mvn -B -q ${MAVEN_ARGS:-} -DskipTests -Dbnd.baseline.skip=true -Dmaven.antrun.skip=true package -pl "$modules"

dest="$root/cnf/baseline-repo/org/hearthsync"
rm -rf "$dest"
for jar in bundles/*/target/*-"$version".jar; do
    unzip -p "$jar" META-INF/MANIFEST.MF | grep -q '^Export-Package:' || continue
    artifact=$(basename "$(dirname "$(dirname "$jar")")")
    mkdir -p "$dest/$artifact/$version"
    cp "$jar" "$dest/$artifact/$version/$artifact-$version.jar"
    cat > "$dest/$artifact/$version/$artifact-$version.pom" <<POM
<?xml version="1.0" encoding="UTF-8"?>
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>org.hearthsync</groupId>
  <artifactId>$artifact</artifactId>
  <version>$version</version>
  <description>Baseline only: built from commit $commit at version $version by cnf/baseline-repo/refresh.sh</description>
</project>
POM
    for f in "$dest/$artifact/$version"/*; do sha1sum "$f" | cut -d' ' -f1 > "$f.sha1"; done   # Maven checks them
    echo "baseline: $artifact $version"
done
printf 'version %s\ncommit %s\n' "$version" "$commit" > "$root/cnf/baseline-repo/SOURCE"
cd "$root"
sed -i "s:<hearth.baseline.version>.*</hearth.baseline.version>:<hearth.baseline.version>$version</hearth.baseline.version>:" pom.xml
echo "cnf/baseline-repo now holds release $version of commit $commit; commit cnf/baseline-repo and pom.xml"
