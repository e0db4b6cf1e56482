# syntax=docker/dockerfile:1
# cachegate's container image, used by docker-compose.yml (app1..app3). Production mode only: set REDIS_URI,
# DATASOURCES_PRIMARY_URL and DATASOURCES_REPLICA_URL; without them the application exits naming them. The image
# holds a JRE and the slim application jar (app/target/cachegate-*.jar): no embedded Redis or PostgreSQL, which live
# in the embedded/ module that only ./mvnw mn:run and the tests use.

# Build: the same Maven wrapper and JDK 21 the project builds with. The reactor reads every module's pom; only the
# application and the modules it depends on are built.
FROM eclipse-temurin:21-jdk AS build
WORKDIR /src
COPY mvnw pom.xml ./
COPY .mvn .mvn
COPY parent parent
COPY catalog-data catalog-data
COPY embedded embedded
COPY app app
COPY load/pom.xml load/pom.xml
COPY load/bare/pom.xml load/bare/pom.xml
# The Maven repository is a build cache, kept between builds, never part of an image.
RUN --mount=type=cache,target=/root/.m2 \
    ./mvnw -B -q -pl app -am -DskipTests package \
    && cp app/target/cachegate-*.jar /src/cachegate.jar

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
