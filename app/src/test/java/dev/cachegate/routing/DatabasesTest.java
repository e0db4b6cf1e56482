package dev.cachegate.routing;

import com.zaxxer.hikari.HikariDataSource;
import dev.cachegate.problem.DependencyUnavailableException;
import org.junit.jupiter.api.Test;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DatabasesTest {

    @Test
    void aPoolClosedUnderARequestIsAnUnavailableDatabaseNotAnSqlError() {
        HikariDataSource pool = new HikariDataSource();
        pool.setJdbcUrl("jdbc:postgresql://127.0.0.1:1/never");
        pool.close();

        assertThatThrownBy(() -> Databases.query(pool, Databases.PRIMARY, connection -> 1))
                .isInstanceOf(DependencyUnavailableException.class).hasMessageContaining("postgres-primary");
    }

    @Test
    void everyDatasourceNamedReplicaSomethingIsAReplicaAndThePrimaryIsNot() {
        assertThat(Databases.isReplica("replica")).isTrue();
        assertThat(Databases.isReplica("replica2")).isTrue();
        assertThat(Databases.isReplica("replica-eu")).isTrue();
        assertThat(Databases.isReplica(Databases.PRIMARY)).isFalse();
        assertThat(Databases.isReplica("reports")).isFalse();
    }

    @Test
    void anSqlFailureIsClassifiedBySqlStateAndPoolTimeout() {
        assertThat(Databases.classify(new SQLException("refused", "08001"))).isEqualTo(Databases.Failure.UNREACHABLE);
        assertThat(Databases.classify(new SQLException("io", "08006"))).isEqualTo(Databases.Failure.UNREACHABLE);
        assertThat(Databases.classify(new SQLException("admin shutdown", "57P01")))
                .isEqualTo(Databases.Failure.UNREACHABLE);
        assertThat(Databases.classify(new SQLTransientConnectionException("pool timed out after connecting failed",
                "08001"))).as("the last connect failure wins over the pool timeout")
                .isEqualTo(Databases.Failure.UNREACHABLE);
        assertThat(Databases.classify(new SQLTransientConnectionException("Connection is not available")))
                .isEqualTo(Databases.Failure.SATURATED);
        assertThat(Databases.classify(new SQLException("canceling statement due to statement timeout", "57014")))
                .isEqualTo(Databases.Failure.TIMED_OUT);
        assertThat(Databases.classify(new SQLException("lock not available", "55P03")))
                .isEqualTo(Databases.Failure.ERROR);
        assertThat(Databases.classify(new SQLException("syntax", "42601"))).isEqualTo(Databases.Failure.ERROR);
        assertThat(Databases.classify(new SQLException("no state"))).isEqualTo(Databases.Failure.ERROR);
    }

    @Test
    void aBusyDatabaseAsksForARetryInASecond() {
        DatabaseBusyException busy = new DatabaseBusyException(Databases.REPLICA, new SQLException("x", "57014"));

        assertThat(busy.headers()).containsExactly(Map.entry("Retry-After", "1"));
        assertThat(busy).hasMessage("postgres-replica is busy; retry shortly");
    }
}
