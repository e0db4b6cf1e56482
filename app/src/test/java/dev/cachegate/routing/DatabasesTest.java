package dev.cachegate.routing;

import com.zaxxer.hikari.HikariDataSource;
import dev.cachegate.problem.DependencyUnavailableException;
import org.junit.jupiter.api.Test;

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
}
