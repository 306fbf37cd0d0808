/** The admin server's internals: routes, JSON views, authorization, the audit log and SSE. */
package io.cruster.admin.internal;
