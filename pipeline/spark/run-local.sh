#!/usr/bin/env bash
# Runs the Spark job in local mode on this machine, as spark-submit would on a cluster, without a
# Spark installation: Spark's jars come from Maven (the provided scope of pipeline/spark/pom.xml).
#   pipeline/spark/run-local.sh INPUT OUTPUT [options]      (SPARK_MASTER=local[4] to choose cores)
set -euo pipefail
root="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/../.." && pwd)"
jar="$root/pipeline/spark/target/longscribe-spark.jar"
cp_file="$root/pipeline/spark/target/spark-classpath.txt"
if [[ ! -f "$jar" || ! -f "$cp_file" ]]; then
  # One reactor run: the CLI module's jar is resolved from it (it is not installed), and the spark
  # module's classpath is written last.
  (cd "$root" && mvn -q -B -DskipTests -pl cli,pipeline/spark package \
    org.apache.maven.plugins:maven-dependency-plugin:3.9.0:build-classpath -Dmdep.outputFile="$cp_file") >&2
fi
# What spark-submit adds on Java 17 (Spark's JavaModuleOptions).
opens=()
for p in java.lang java.lang.invoke java.lang.reflect java.io java.net java.nio java.util java.util.concurrent \
         java.util.concurrent.atomic jdk.internal.ref sun.nio.ch sun.nio.cs sun.security.action sun.util.calendar; do
  opens+=("--add-opens=java.base/$p=ALL-UNNAMED")
done
exec java ${LONGSCRIBE_JAVA_OPTS:--Xmx2g} "${opens[@]}" -Djdk.reflect.useDirectMethodHandle=false \
  -Dspark.master="${SPARK_MASTER:-local[*]}" -Dspark.ui.enabled=false -Dspark.driver.host=127.0.0.1 \
  -Dlongscribe.models.dir="$root/models" \
  -Dlog4j2.configurationFile="$root/pipeline/spark/src/test/resources/log4j2.properties" \
  -cp "$jar:$(cat "$cp_file")" org.longscribe.spark.SparkTranscribe "$@"
