#!/usr/bin/env bash
# Starts a single-node KRaft broker with the installed Java, unless one already answers on
# KAFKA_PORT (then it is reused and left alone by stop.sh). Waits until the broker serves
# metadata requests, not merely until the port opens.
source "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"

dir="$FOREWARN_STATE/kafka"
mkdir -p "$dir"
if port_open 127.0.0.1 "$KAFKA_PORT"; then
  log "a broker already answers on 127.0.0.1:$KAFKA_PORT; reusing it"
  exit 0
fi

jars="$(bash "$FOREWARN_ROOT/infra/kafka/fetch.sh")"
started=$(date +%s%N)

cat >"$dir/server.properties" <<PROPS
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:$KAFKA_CONTROLLER_PORT
listeners=PLAINTEXT://127.0.0.1:$KAFKA_PORT,CONTROLLER://127.0.0.1:$KAFKA_CONTROLLER_PORT
advertised.listeners=PLAINTEXT://127.0.0.1:$KAFKA_PORT
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT
log.dirs=$dir/data
num.partitions=6
offsets.topic.replication.factor=1
offsets.topic.num.partitions=6
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
transaction.state.log.num.partitions=4
group.initial.rebalance.delay.ms=0
auto.create.topics.enable=false
delete.topic.enable=true
log.retention.hours=168
PROPS

cat >"$dir/log4j.properties" <<PROPS
log4j.rootLogger=WARN, file
log4j.logger.kafka=INFO
log4j.logger.org.apache.kafka=WARN
log4j.appender.file=org.apache.log4j.FileAppender
log4j.appender.file.File=$dir/broker.log
log4j.appender.file.layout=org.apache.log4j.PatternLayout
log4j.appender.file.layout.ConversionPattern=[%d] %p %m (%c)%n
PROPS

java_opts=(-Xms"$KAFKA_HEAP" -Xmx"$KAFKA_HEAP" -XX:+UseG1GC -XX:MaxGCPauseMillis=20
  -XX:InitiatingHeapOccupancyPercent=35 -Djava.awt.headless=true
  -Dlog4j.configuration="file:$dir/log4j.properties" -cp "$jars/*")

if [ ! -f "$dir/data/meta.properties" ]; then
  cluster_id="$(java "${java_opts[@]}" kafka.tools.StorageTool random-uuid 2>/dev/null | tail -n1)"
  log "formatting KRaft storage (cluster $cluster_id)"
  java "${java_opts[@]}" kafka.tools.StorageTool format -t "$cluster_id" -c "$dir/server.properties" >"$dir/format.log" 2>&1 \
    || { cat "$dir/format.log" >&2; die "storage format failed"; }
fi

log "starting Kafka $KAFKA_VERSION on 127.0.0.1:$KAFKA_PORT (logs: $dir/broker.log)"
nohup java "${java_opts[@]}" kafka.Kafka "$dir/server.properties" >"$dir/stdout.log" 2>&1 &
echo $! >"$dir/broker.pid"

for _ in $(seq 1 120); do
  if ! kill -0 "$(cat "$dir/broker.pid")" 2>/dev/null; then
    tail -n 40 "$dir/stdout.log" "$dir/broker.log" >&2 || true
    die "the broker exited during start-up"
  fi
  if port_open 127.0.0.1 "$KAFKA_PORT" && grep -q "Kafka Server started\|\[KafkaRaftServer nodeId=1\] Kafka Server started" "$dir/broker.log" "$dir/stdout.log" 2>/dev/null; then
    ms=$(( ($(date +%s%N) - started) / 1000000 ))
    log "broker ready in ${ms} ms"
    exit 0
  fi
  sleep 0.5
done
die "the broker did not become ready within 60 s (see $dir/broker.log)"
