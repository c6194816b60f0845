package fixtures

import "context"

// loginKey at package level is a plain string, kept for old callers; new code keys
// logins by a type of its own.
const loginKey = "session"

type loginKeyType struct{}

// withLogin shadows the package's string constant with a typed key: the key it
// stores under is not a built-in.
func withLogin(ctx context.Context, id string) context.Context {
	loginKey := loginKeyType{}
	return context.WithValue(ctx, loginKey, id)
}

func withLegacyLogin(ctx context.Context, id string) context.Context {
	return context.WithValue(ctx, loginKey, id) // want `context key .loginKey. is declared with a built-in type`
}
