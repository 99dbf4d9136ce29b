#!/usr/bin/env bash
# The README, tried as a new user would: a separate Maven project (in a temporary folder) that depends on
# io.quicksilver from the local Maven repository, as the README's set-up leaves it (./quicksilver test or build
# installs it there). It compiles the README's Java examples unchanged, once on the class path and once as a
# module (with the README's module-info.java), and runs each with the JVM flags the README documents. It fails
# when an example does not compile, prints other than the README says, or when the JVM or the library writes
# anything to stderr but the JDK's one-line incubator notice.
#   ci/consumer-check.sh           offline (-o): everything must already be in the local repository
# Maven: QUICKSILVER_MVN as for ./quicksilver (e.g. "mvn -Dmaven.repo.local=/some/repo").
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
README="$ROOT/README.md"
JAVA_HOME="$("$ROOT/quicksilver" java-home)"
export JAVA_HOME PATH="$JAVA_HOME/bin:$PATH"
export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow"
MVN="${QUICKSILVER_MVN:-mvn}"
INCUBATOR_NOTICE="WARNING: Using incubator modules: jdk.incubator.vector"

fail() { echo "consumer-check: $*" >&2; exit 1; }

work="$(mktemp -d "${TMPDIR:-/tmp}/quicksilver-consumer.XXXXXX")"
trap 'rm -rf "$work"' EXIT

# --- what the README says -----------------------------------------------------------------------------------
# Every fenced block of the README, one file each: $work/blocks/NNN.<language>.
mkdir -p "$work/blocks"
awk -v dir="$work/blocks" '
  /^```[a-z]+$/ && !open { open = 1; n++; file = sprintf("%s/%03d.%s", dir, n, substr($0, 4)); printf "" > file; next }
  /^```$/ && open        { open = 0; close(file); next }
  open                   { print >> file }
' "$README"

pom_property() { sed -n "s:.*<$1>\(.*\)</$1>.*:\1:p" "$ROOT/pom.xml" | head -1; }
project_version="$(sed -n '/<artifactId>quicksilver-parent<\/artifactId>/{n;s:.*<version>\(.*\)</version>.*:\1:p;q}' "$ROOT/pom.xml")"
[ -n "$project_version" ] || fail "no project version in pom.xml"

dependency_blocks=() ; classes=() ; module_info=""
declare -A expected
last_class=""
for block in "$work"/blocks/*; do
  case "$block" in
    *.xml)
      if grep -q '<artifactId>quicksilver-' "$block" && ! grep -q '<plugin>' "$block"; then
        dependency_blocks+=("$block")
      fi
      ;;
    *.java)
      if head -1 "$block" | grep -q '^module '; then
        module_info="$block"
      elif head -1 "$block" | grep -q '^package '; then
        pkg="$(head -1 "$block" | sed 's/^package \([a-zA-Z0-9_.]*\);.*/\1/')"
        cls="$(sed -n 's/^public \(final \)\?class \([A-Za-z0-9_]*\).*/\2/p' "$block" | head -1)"
        [ -n "$cls" ] || fail "README example $(basename "$block") has no public class"
        classes+=("$pkg.$cls")
        mkdir -p "$work/src/$(echo "$pkg" | tr . /)"
        cp "$block" "$work/src/$(echo "$pkg" | tr . /)/$cls.java"
        last_class="$pkg.$cls"
      fi
      ;;
    *.text)
      # The output block that follows an example is what that example prints.
      if [ -n "$last_class" ]; then expected[$last_class]="$block"; last_class=""; fi
      ;;
  esac
done
[ ${#classes[@]} -gt 0 ] || fail "README.md has no complete Java example (a block starting with 'package')"
[ ${#dependency_blocks[@]} -gt 0 ] || fail "README.md shows no dependency on a quicksilver artifact"
[ -n "$module_info" ] || fail "README.md shows no module-info.java"
grep -h '<version>' "${dependency_blocks[@]}" | grep -qv "<version>$project_version</version>" &&
  fail "README.md's dependency version is not the project's $project_version"

# The documented java command lines: the flags between 'java' and '-cp' / '--module-path'.
command_flags() {
  grep -h "^java .* $1 " "$work"/blocks/*.bash | head -1 | sed "s/^java \(.*\) $1 .*/\1/"
}
cp_flags="$(command_flags -cp)"
mp_flags="$(command_flags --module-path)"
[ -n "$cp_flags" ] || fail "README.md shows no 'java ... -cp ...' command"
[ -n "$mp_flags" ] || fail "README.md shows no 'java ... --module-path ...' command"

# --- the consumer projects ------------------------------------------------------------------------------------
# One pom for both: the README's dependency blocks, and the project's own plugin versions (what the set-up left
# in the local repository).
dependency_xml() {
  local b
  for b in "${dependency_blocks[@]}"; do
    if head -1 "$b" | grep -q '^<dependency>'; then
      printf '<dependencies>\n%s\n</dependencies>\n' "$(cat "$b")"
    else
      cat "$b"
    fi
  done
}
# A throwaway consumer project's pom.xml on stdout; $1 = artifactId, $2 = its dependencies (XML). The plugins are
# the parent pom's versions, so the check needs nothing the project's own build did not fetch.
consumer_pom() {
  cat <<POM
<?xml version="1.0" encoding="UTF-8"?>
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>example</groupId>
  <artifactId>$1</artifactId>
  <version>1</version>
  <properties>
    <project.build.sourceEncoding>UTF-8</project.build.sourceEncoding>
    <maven.compiler.release>25</maven.compiler.release>
  </properties>
$2
  <build>
    <plugins>
      <plugin><groupId>org.apache.maven.plugins</groupId><artifactId>maven-compiler-plugin</artifactId><version>$(pom_property compiler.plugin.version)</version></plugin>
      <plugin><groupId>org.apache.maven.plugins</groupId><artifactId>maven-resources-plugin</artifactId><version>$(pom_property resources.plugin.version)</version></plugin>
      <plugin><groupId>org.apache.maven.plugins</groupId><artifactId>maven-dependency-plugin</artifactId><version>$(pom_property dependency.plugin.version)</version></plugin>
    </plugins>
  </build>
</project>
POM
}
make_project() {
  local dir="$1"
  mkdir -p "$dir/src/main/java"
  cp -r "$work/src/." "$dir/src/main/java/"
  consumer_pom quicksilver-consumer "$(dependency_xml)" > "$dir/pom.xml"
  (cd "$dir" && $MVN -o -q -B -Dstyle.color=never compile dependency:build-classpath -Dmdep.outputFile=classpath.txt) ||
    fail "the README's examples do not compile against io.quicksilver $project_version from the local repository" \
      "(run ./quicksilver build first; $dir)"
}

# Runs one example; $1 = label, the rest the java command line. Checks stdout and stderr.
check_run() {
  local label="$1" class="$2"; shift 2
  local out="$work/$label.out" err="$work/$label.err"
  if ! timeout 60 java "$@" > "$out" 2> "$err"; then
    cat "$err" >&2
    fail "$class ($label) failed"
  fi
  if [ -n "${expected[$class]:-}" ] && ! diff -u "${expected[$class]}" "$out" >&2; then
    fail "$class ($label) does not print what README.md says (diff above: README, then actual)"
  fi
  if grep -vxF "$INCUBATOR_NOTICE" "$err" | grep -q .; then
    cat "$err" >&2
    fail "$class ($label) wrote to stderr more than the JDK's incubator notice (above)"
  fi
  echo "consumer-check: $class on the $label: ok"
}

make_project "$work/classpath"
cp_path="$work/classpath/target/classes:$(cat "$work/classpath/classpath.txt")"

# The jars themselves: each library jar names its module and carries no compiler leftovers.
for jar in $(tr ':' '\n' < "$work/classpath/classpath.txt" | grep '/io/quicksilver/'); do
  entries="$(jar tf "$jar")"; described="$(jar --describe-module --file="$jar")"
  if grep -q 'META-INF/jpms.args' <<< "$entries"; then fail "$jar holds META-INF/jpms.args"; fi
  grep -q '^io\.quicksilver\.[a-z]*@.* automatic$' <<< "$described" ||
    fail "$jar has no Automatic-Module-Name io.quicksilver.*: $described"
done

make_project "$work/modulepath"
cp "$module_info" "$work/modulepath/src/main/java/module-info.java"
(cd "$work/modulepath" && $MVN -o -q -B -Dstyle.color=never compile) || fail "the README's examples do not compile as a module"
module_name="$(sed -n 's/^module \([a-zA-Z0-9_.]*\).*/\1/p' "$module_info")"
mp_path="$work/modulepath/target/classes:$(cat "$work/modulepath/classpath.txt")"

for class in "${classes[@]}"; do
  # shellcheck disable=SC2086 # the documented flags are separate words
  check_run "class path" "$class" $cp_flags -cp "$cp_path" "$class"
  # shellcheck disable=SC2086
  check_run "module path" "$class" $mp_flags --module-path "$mp_path" -m "$module_name/$class"
done
# What the README says happens without the flags: each missing capability said once, naming the flag; never the
# JDK's own restricted-method warning.
parallel_class="$(printf '%s\n' "${classes[@]}" | grep -m1 Parallel || true)"
if [ -n "$parallel_class" ]; then
  err="$work/no-flags.err"
  timeout 60 java -cp "$cp_path" "$parallel_class" > /dev/null 2> "$err" || { cat "$err" >&2; fail "$parallel_class without flags failed"; }
  if [ "$(grep -c -- '--add-modules jdk.incubator.vector' "$err")" != 1 ] || grep -q 'restricted method' "$err"; then
    cat "$err" >&2
    fail "$parallel_class without flags: expected one notice naming --add-modules jdk.incubator.vector and no JDK warning"
  fi
  echo "consumer-check: $parallel_class without flags: one notice, naming the flag: ok"
fi
# tomlj and its ANTLR are shaded into the numa jar (docs/packaging.md): the published POMs name neither, and an
# application that brings its own, newer ANTLR (Hibernate 6 brings 4.13) reads an affinity file without ANTLR's
# version-mismatch warnings on stderr.
if tr ':' '\n' < "$work/classpath/classpath.txt" | grep -E '/(org/tomlj|org/antlr)/'; then
  fail "a project depending on io.quicksilver gets tomlj or ANTLR on its class path (above); they belong shaded in numa"
fi
newer_antlr="$(pom_property antlr.newer.version)"
[ -n "$newer_antlr" ] || fail "no antlr.newer.version in pom.xml"
mkdir -p "$work/antlr/src/main/java/example"
cat > "$work/antlr/src/main/java/example/ReadAffinity.java" <<'JAVA'
package example;

import io.quicksilver.numa.affinity.AffinityConfig;

import java.nio.file.Path;

public final class ReadAffinity
{
    public static void main(final String[] args)
    {
        // Load the newer ANTLR first, as an application's own parser would, then read the file.
        System.out.println("antlr " + org.antlr.v4.runtime.RuntimeMetaData.VERSION);
        System.out.println("workers " + AffinityConfig.parse(Path.of(args[0])).workers());
    }
}
JAVA
consumer_pom quicksilver-consumer-antlr "  <dependencies>
    <dependency><groupId>io.quicksilver</groupId><artifactId>quicksilver-numa</artifactId><version>$project_version</version></dependency>
    <dependency><groupId>org.antlr</groupId><artifactId>antlr4-runtime</artifactId><version>$newer_antlr</version></dependency>
  </dependencies>" > "$work/antlr/pom.xml"
antlr_build() { (cd "$work/antlr" && $MVN -q -B -Dstyle.color=never "$@" compile dependency:build-classpath -Dmdep.outputFile=classpath.txt); }
# Offline first; the newer ANTLR is the one artifact here the project's own build never fetched.
antlr_build -o > "$work/antlr.log" 2>&1 || antlr_build >> "$work/antlr.log" 2>&1 ||
  { cat "$work/antlr.log" >&2; fail "the ANTLR $newer_antlr consumer project does not build"; }
out="$work/antlr.out" err="$work/antlr.err"
timeout 60 java --enable-native-access=ALL-UNNAMED -cp "$work/antlr/target/classes:$(cat "$work/antlr/classpath.txt")" \
  example.ReadAffinity "$ROOT/numa/src/main/resources/affinity/explicit.toml" > "$out" 2> "$err" ||
  { cat "$err" >&2; fail "reading an affinity file with ANTLR $newer_antlr on the class path failed"; }
printf 'antlr %s\nworkers 4\n' "$newer_antlr" | diff -u - "$out" >&2 || fail "ReadAffinity printed other than expected (diff above)"
if [ -s "$err" ]; then cat "$err" >&2; fail "reading an affinity file with ANTLR $newer_antlr on the class path wrote to stderr (above)"; fi
echo "consumer-check: an affinity file read with ANTLR $newer_antlr on the class path: no warning: ok"
echo "consumer-check: ${#classes[@]} README example(s) compiled and ran on the class path and the module path"
