package dev.cachegate.testinfra;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A user with a session cookie, talking to any instance. */
public final class Browser {

    private static final Pattern COOKIE = Pattern.compile("cachegate_session=([^;]*)");

    private String cookie;

    /**
     * Logs in and keeps the session cookie.
     *
     * @param instance where to log in
     * @param username who
     * @return the login response
     */
    public HttpResponse<String> login(URI instance, String username) {
        return login(instance, username, null);
    }

    /**
     * Logs in with a password and keeps the session cookie.
     *
     * @param instance where to log in
     * @param username who
     * @param password the password, or null for none
     * @return the login response
     */
    public HttpResponse<String> login(URI instance, String username, String password) {
        String body = "{\"username\": \"" + username + "\""
                + (password == null ? "" : ", \"password\": \"" + password + "\"") + "}";
        HttpResponse<String> response = Http.send(HttpRequest.newBuilder(instance.resolve("/login"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
        cookie = setCookie(response);
        return response;
    }

    /** @return the session cookie's value */
    public String cookie() {
        return cookie;
    }

    /** @param value a cookie value to present from now on */
    public void useCookie(String value) {
        cookie = value;
    }

    /**
     * @param instance the instance
     * @param method   the method
     * @param path     the path
     * @param json     the body, or null
     * @param headers  alternating names and values
     * @return the response
     */
    public HttpResponse<String> send(URI instance, String method, String path, String json, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(instance.resolve(path))
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(json));
        if (json != null) {
            request.header("Content-Type", "application/json");
        }
        if (cookie != null) {
            request.header("Cookie", "cachegate_session=" + cookie);
        }
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return Http.send(request.build());
    }

    /**
     * @param response a response
     * @return the value its {@code Set-Cookie} gives the session cookie, or null
     */
    public static String setCookie(HttpResponse<String> response) {
        List<String> cookies = response.headers().allValues("Set-Cookie");
        for (String header : cookies) {
            Matcher matcher = COOKIE.matcher(header);
            if (matcher.find()) {
                return matcher.group(1);
            }
        }
        return null;
    }
}
