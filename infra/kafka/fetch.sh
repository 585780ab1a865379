#!/usr/bin/env bash
# Fetches the pinned Apache Kafka broker jars from Maven Central into the shared cache.
# Offline and instant once the cache holds them.
source "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"

jars="$FOREWARN_CACHE/kafka-$KAFKA_VERSION/jars"
if [ -f "$jars/.complete" ]; then
  echo "$jars"
  exit 0
fi
command -v mvn >/dev/null 2>&1 || die "Maven (mvn) is needed to fetch the Kafka broker; install it (apt-get install maven)"
command -v java >/dev/null 2>&1 || die "Java 17+ is needed to run the Kafka broker; install it (apt-get install openjdk-17-jre-headless)"
log "fetching Apache Kafka $KAFKA_VERSION jars from Maven Central into $jars"
rm -rf "$jars.tmp" && mkdir -p "$jars.tmp"
mvn -q -B -f "$FOREWARN_ROOT/infra/kafka/pom.xml" \
  -Dkafka.version="$KAFKA_VERSION" \
  dependency:copy-dependencies -DincludeScope=runtime -DoutputDirectory="$jars.tmp" >&2 \
  || die "mvn could not resolve the Kafka $KAFKA_VERSION jars"
rm -rf "$jars" && mv "$jars.tmp" "$jars" && touch "$jars/.complete"
log "fetched $(ls "$jars" | wc -l) jars ($(du -sh "$jars" | cut -f1))"
echo "$jars"
