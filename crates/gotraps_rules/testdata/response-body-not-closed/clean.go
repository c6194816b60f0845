package billing

import (
	"encoding/json"
	"io"
	"net/http"
)

type Invoice struct{ ID string }

func (c *Client) Invoice(id string) (*Invoice, error) {
	resp, err := c.http.Get(c.baseURL + "/invoices/" + id)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	var inv Invoice
	if err := json.NewDecoder(resp.Body).Decode(&inv); err != nil {
		return nil, err
	}
	return &inv, nil
}

// Raw hands the response to the caller, who closes it.
func (c *Client) Raw(path string) (*http.Response, error) {
	resp, err := c.http.Get(c.baseURL + path)
	if err != nil {
		return nil, err
	}
	return resp, nil
}

// drain closes the body; callers hand the response to it.
func drain(resp *http.Response) {
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
}

func (c *Client) Touch(path string) error {
	resp, err := c.http.Head(c.baseURL + path)
	if err != nil {
		return err
	}
	drain(resp)
	return nil
}

func (c *Client) Status(path string) (int, error) {
	resp, err := http.Get(c.baseURL + path)
	if err != nil {
		return 0, err
	}
	defer func() {
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
	}()
	return resp.StatusCode, nil
}
