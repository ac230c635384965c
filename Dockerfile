# syntax=docker/dockerfile:1
# Fusebox operator image.
#   docker build -t fusebox/operator:0.1.0 .
# The runtime stage runs as a numeric non-root user and writes nothing outside /tmp, so it works
# with readOnlyRootFilesystem: true and an emptyDir at /tmp (as the Helm chart mounts it).

FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
# The whole reactor is copied because the parent pom lists every module; .dockerignore keeps
# build output and caches out. The cache mount keeps downloaded dependencies between builds.
COPY . .
RUN --mount=type=cache,target=/root/.m2 \
    ./mvnw -B -q -pl operator -am package -DskipTests \
    && cp operator/target/fusebox-operator-*-all.jar /src/fusebox.jar

FROM eclipse-temurin:17-jre
# 65532 is the conventional "nonroot" UID and GID of distroless images. USER names it by number
# so that the kubelet can check runAsNonRoot without reading /etc/passwd.
RUN groupadd --system --gid 65532 fusebox \
    && useradd --system --uid 65532 --gid 65532 --no-create-home \
       --home-dir /nonexistent --shell /usr/sbin/nologin fusebox
COPY --from=build --chown=0:0 --chmod=0444 /src/fusebox.jar /app/fusebox.jar
# The JVM writes only temporary files and hsperfdata, both under /tmp.
ENV JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError -Djava.io.tmpdir=/tmp"
USER 65532:65532
WORKDIR /app
EXPOSE 8080
ENTRYPOINT ["java", "-jar", "/app/fusebox.jar", "operator"]
