package dev.cachegate.routing;

import com.zaxxer.hikari.HikariDataSource;
import dev.cachegate.problem.DependencyUnavailableException;
import org.junit.jupiter.api.Test;

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
}
