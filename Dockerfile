# syntax=docker/dockerfile:1
# cachegate's container image, used by docker-compose.yml (app1..app3). Production mode only: set REDIS_URI,
# DATASOURCES_PRIMARY_URL and DATASOURCES_REPLICA_URL. The jar also carries the embedded default's PostgreSQL
# binaries, but with those three set it never starts them.

# Build: the same Maven wrapper and JDK 21 the project builds with.
FROM eclipse-temurin:21-jdk AS build
WORKDIR /src
COPY mvnw pom.xml ./
COPY .mvn .mvn
COPY src src
COPY catalog-data catalog-data
# The Maven repository is a build cache, kept between builds, never part of an image.
RUN --mount=type=cache,target=/root/.m2 \
    ./mvnw -B -q -DskipTests package \
    && cp target/cachegate-*.jar /src/cachegate.jar

# Runtime: a JRE, the jar, an unprivileged user, and wget for the compose healthcheck (/health/readiness).
FROM eclipse-temurin:21-jre
RUN apt-get update \
    && apt-get install -y --no-install-recommends wget \
    && rm -rf /var/lib/apt/lists/* \
    && groupadd --system cachegate \
    && useradd --system --gid cachegate --home-dir /app --shell /usr/sbin/nologin cachegate
WORKDIR /app
COPY --from=build /src/cachegate.jar /app/cachegate.jar
USER cachegate
EXPOSE 8080
ENTRYPOINT ["java", "-jar", "/app/cachegate.jar"]
