package dev.cachegate.catalog;

import dev.cachegate.catalogdata.CatalogGenerator;
import dev.cachegate.catalogdata.CatalogLoader;
import dev.cachegate.catalogdata.LoadReport;
import dev.cachegate.routing.Databases;
import dev.cachegate.routing.ReplicaTracker;
import dev.cachegate.routing.WalPositions;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.exceptions.ConfigurationException;
import jakarta.inject.Named;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import javax.sql.DataSource;

/**
 * Fills an empty catalog with {@code cachegate.catalog.seed-products} generated products before the server takes
 * traffic (the embedded default loads 100,000), and waits until every replica has replayed them, so the first request
 * finds them. A catalog that already has products is left alone, so restarts and clusters seed once.
 */
@Context
public final class CatalogSeeder {

    /** The property holding the number of products to seed. */
    public static final String PROPERTY = "cachegate.catalog.seed-products";

    private static final Logger LOG = LoggerFactory.getLogger(CatalogSeeder.class);
    private static final Duration REPLICA_WAIT = Duration.ofSeconds(30);

    CatalogSeeder(CatalogConfig config, @Named(Databases.PRIMARY) DataSource primary,
                  List<ReplicaTracker> replicas) throws SQLException, InterruptedException {
        if (config.seedProducts() == 0) {
            return;
        }
        String lsn;
        try (Connection connection = primary.getConnection()) {
            LoadReport report = new CatalogLoader(new CatalogGenerator()).loadIfEmpty(connection, config.seedProducts());
            if (report.rows() == 0) {
                LOG.info("Catalog already has products: not seeding");
                return;
            }
            LOG.info("Seeded {} products in {} ms ({} rows/s)", report.rows(), report.elapsed().toMillis(),
                    Math.round(report.rowsPerSecond()));
            lsn = WalPositions.current(connection);
        }
        long deadline = System.nanoTime() + REPLICA_WAIT.toNanos();
        for (ReplicaTracker replica : replicas) {
            awaitReplica(replica, lsn, deadline);
        }
    }

    private static void awaitReplica(ReplicaTracker replica, String lsn, long deadline)
            throws SQLException, InterruptedException {
        try (Connection connection = replica.dataSource().getConnection()) {
            while (!WalPositions.replayedPast(connection, lsn)) {
                if (System.nanoTime() > deadline) {
                    throw new ConfigurationException(replica.name() + " has not replayed the seeded catalog (WAL "
                            + lsn + ") within " + REPLICA_WAIT.toSeconds() + " s: is datasources." + replica.name()
                            + ".url a streaming standby of datasources.primary.url?");
                }
                Thread.sleep(20);
            }
        }
    }
}
