package client

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"

	"outpost/domain/fault"
	"outpost/domain/people"
	"outpost/domain/replica"
)

// Verify checks a person's password with the server the profile is joined to (it is the
// desk's people.Remote): a sign-in there, which also renews the device's token. It answers
// the server's password version, fault.ErrWrongPassword when the server refuses the
// password, and people.ErrUnreachable when the server cannot be asked.
func (c *Client) Verify(ctx context.Context, email, password string) (int64, error) {
	server, err := c.state(ctx, replica.KeyServer)
	if err != nil {
		return 0, err
	}
	if server == "" {
		return 0, ErrNotJoined
	}
	u, err := c.Login(ctx, server, email, password)
	var re *RemoteError
	var ue *url.Error
	var ne net.Error
	switch {
	case err == nil:
		return u.PasswordVersion, nil
	case errors.As(err, &re) && re.Status == http.StatusUnauthorized:
		return 0, fmt.Errorf("the server refused the password: %w", fault.ErrWrongPassword)
	case errors.As(err, &re):
		return 0, err
	case errors.As(err, &ue), errors.As(err, &ne):
		return 0, fmt.Errorf("%w: %v", people.ErrUnreachable, err)
	}
	return 0, err
}

// forgetIfRevoked drops the verifier the desk kept of the joined user's server password when
// the server no longer accepts the device's token: a password reset on the server revokes
// every device of the user, so the password kept for offline sign-ins may be the old one.
func (c *Client) forgetIfRevoked(ctx context.Context, err error) {
	var re *RemoteError
	if !errors.As(err, &re) || re.Status != http.StatusUnauthorized {
		return
	}
	if id, e := c.state(ctx, replica.KeyUserID); e == nil && id != "" {
		_ = c.Desk.Credentials.Forget(ctx, id)
	}
}
