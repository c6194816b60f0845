package fixtures

import "context"

type ctxKey struct{ name string }

type keyString string

var (
	requestIDKey = ctxKey{"request-id"}
	localeKey    = keyString("locale")
)

const sessionKey keyString = "session"

type userKeyType int

const currentUser userKeyType = 0

func withIDs(ctx context.Context, id, locale, session string) context.Context {
	ctx = context.WithValue(ctx, requestIDKey, id)
	ctx = context.WithValue(ctx, localeKey, locale)
	ctx = context.WithValue(ctx, sessionKey, session)
	ctx = context.WithValue(ctx, currentUser, "root")
	return context.WithValue(ctx, struct{}{}, true)
}

// A parameter key: its type is the caller's choice.
func with(ctx context.Context, key, v any) context.Context {
	return context.WithValue(ctx, key, v)
}
