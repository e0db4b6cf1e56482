package dev.cachegate.session;

import dev.cachegate.auth.UnauthenticatedException;
import dev.cachegate.ops.InstanceId;
import dev.cachegate.problem.ApiException;
import dev.cachegate.problem.ProblemType;
import dev.cachegate.routing.Lsn;
import dev.cachegate.routing.ReadRouter;
import dev.cachegate.session.internal.JdbcProfiles;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.Put;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.http.cookie.Cookie;
import io.micronaut.http.cookie.SameSite;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

import java.time.Instant;
import java.util.regex.Pattern;

/** Login, the current user, logout, and the user's profile (the read-your-writes case). */
@Controller
@ExecuteOn(TaskExecutors.BLOCKING)
@Tag(name = "sessions")
final class SessionController {

    private static final Pattern USERNAME = Pattern.compile("[A-Za-z0-9._@-]{1,64}");

    private final Sessions sessions;
    private final SessionStore store;
    private final SessionCookies cookies;
    private final SessionConfig config;
    private final JdbcProfiles profiles;
    private final InstanceId instanceId;
    private final Users users;
    private final LoginThrottle throttle;

    SessionController(Sessions sessions, SessionStore store, SessionCookies cookies, SessionConfig config,
                      JdbcProfiles profiles, InstanceId instanceId, Users users, LoginThrottle throttle) {
        this.users = users;
        this.throttle = throttle;
        this.sessions = sessions;
        this.store = store;
        this.cookies = cookies;
        this.config = config;
        this.profiles = profiles;
        this.instanceId = instanceId;
    }

    @Post("/login")
    @Operation(summary = "Log in: a Redis session behind a signed, HttpOnly cookie")
    HttpResponse<Username> login(HttpRequest<?> request, @Body Credentials credentials) {
        String username = credentials.username();
        if (username == null || !USERNAME.matcher(username).matches()) {
            throw new InvalidLoginException("username must be 1-64 letters, digits, '.', '_', '@' or '-' but was "
                    + (username == null ? "missing" : "'" + (username.length() > 64 ? username.substring(0, 64) + "…"
                    : username) + "'"));
        }
        throttle.attempt(request, username);
        if (!users.authenticate(username, credentials.password())) {
            throttle.failed(username);
            throw new UnauthenticatedException("unknown username or wrong password");
        }
        throttle.succeeded(username);
        Session session = store.create(username);
        return HttpResponse.ok(new Username(username)).cookie(cookie(cookies.sign(session.id())))
                .header("Cache-Control", "no-store");
    }

    @Get("/me")
    @Operation(summary = "The logged-in user, and which instance answered")
    HttpResponse<Me> me(HttpRequest<?> request) {
        Session session = sessions.require(request);
        return HttpResponse.ok(new Me(session.username(), session.loginAt(), instanceId.value()))
                .header("Cache-Control", "no-store");
    }

    @Post("/logout")
    @Operation(summary = "Log out everywhere; with all=true, end every session of the user (every device)")
    HttpResponse<Void> logout(HttpRequest<?> request, @QueryValue @Nullable String all) {
        boolean everySession = parseAll(all);
        sessions.find(request).ifPresent(session -> {
            if (everySession) {
                store.deleteAll(session.username());
            } else {
                store.delete(session.id());
            }
        });
        return HttpResponse.<Void>noContent().cookie(cookie("").maxAge(0)).header("Cache-Control", "no-store");
    }

    @Delete("/logout")
    @Operation(summary = "Log out everywhere")
    HttpResponse<Void> logoutWithDelete(HttpRequest<?> request, @QueryValue @Nullable String all) {
        return logout(request, all);
    }

    private static boolean parseAll(@Nullable String all) {
        if (all == null || all.equals("false")) {
            return false;
        }
        if (all.equals("true")) {
            return true;
        }
        throw new InvalidLogoutException("all must be true or false but was '"
                + (all.length() > 16 ? all.substring(0, 16) + "…" : all) + "'");
    }

    @Put("/me/profile")
    @Operation(summary = "Change the profile; answers with X-Consistency-Token")
    HttpResponse<Profile> changeProfile(HttpRequest<?> request, @Body ProfileChange change) {
        Session session = sessions.require(request);
        JdbcProfiles.Written written = profiles.write(session.username(), change.validated());
        store.recordWrite(session.id(), written.token());
        return HttpResponse.ok(written.profile()).header(ReadRouter.TOKEN_HEADER, written.token().toString())
                .header("Cache-Control", "no-store");
    }

    @Get("/me/profile")
    @Operation(summary = "The profile, never older than the session's (or the X-Consistency-Token's) last write")
    HttpResponse<Profile> profile(HttpRequest<?> request, @Header(ReadRouter.TOKEN_HEADER) @Nullable String token) {
        Session session = sessions.require(request);
        Lsn readAfter = Lsn.max(session.token(), Lsn.parseOrNull(token));
        MutableHttpResponse<Profile> response = HttpResponse.ok(profiles.read(session.username(), readAfter));
        return response.header("Cache-Control", "no-store");
    }

    private Cookie cookie(String value) {
        return Cookie.of(config.cookieName(), value).httpOnly(true).sameSite(SameSite.Lax).path("/")
                .secure(cookies.secure());
    }

    /**
     * @param username who
     * @param password checked against {@code cachegate.session.users}; ignored by the embedded default without them
     */
    @Serdeable
    record Credentials(@Nullable String username, @Nullable String password) {
    }

    /** @param username who logged in */
    @Serdeable
    record Username(String username) {
    }

    /**
     * @param username   who
     * @param loginAt    since when
     * @param instanceId the instance that answered
     */
    @Serdeable
    record Me(String username, Instant loginAt, String instanceId) {
    }

    /** A login request that cannot be accepted: 422. */
    static final class InvalidLoginException extends ApiException {
        InvalidLoginException(String detail) {
            super(ProblemType.INVALID_LOGIN, detail);
        }
    }

    /** A logout whose {@code all} parameter is neither true nor false. */
    static final class InvalidLogoutException extends ApiException {
        InvalidLogoutException(String detail) {
            super(ProblemType.INVALID_PARAMETER, detail);
        }
    }
}
