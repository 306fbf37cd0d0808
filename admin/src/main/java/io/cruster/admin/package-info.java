/**
 * The operator's console: {@link io.cruster.admin.AdminServer} serves a JSON admin API under {@code
 * /api/v1} and a web UI at {@code /} from inside any runner; {@link io.cruster.admin.CrusterCli} is
 * the {@code cruster} command line over that API.
 */
package io.cruster.admin;
