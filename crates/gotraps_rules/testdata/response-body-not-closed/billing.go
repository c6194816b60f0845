package billing

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"time"
)

type Charge struct {
	OrderID string
	Amount  int64
}

type Client struct {
	http    *http.Client
	baseURL string
}

func (c *Client) Charge(ch Charge) error {
	payload, _ := json.Marshal(ch)
	resp, err := c.http.Post(c.baseURL+"/charge", "application/json", bytes.NewReader(payload)) // want `GT031 response-body-not-closed: body of response .resp. is never closed`
	if err != nil {
		return err
	}
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("charge %s: status %d", ch.OrderID, resp.StatusCode)
	}
	return nil
}

func (c *Client) Refund(id string) error {
	req, err := http.NewRequest(http.MethodPost, c.baseURL+"/refund/"+id, nil)
	if err != nil {
		return err
	}
	resp, err := c.http.Do(req)
	if err != nil {
		return err
	}
	if resp.StatusCode == http.StatusConflict {
		return fmt.Errorf("refund %s: already refunded", id) // want `returns with the body of .resp. still open on this path`
	}
	defer resp.Body.Close()
	return json.NewDecoder(resp.Body).Decode(new(struct{}))
}

func Ping(urls []string) int {
	up := 0
	for _, u := range urls {
		resp, err := http.Get(u) // want `body of response .resp. is never closed`
		if err != nil {
			continue
		}
		if resp.StatusCode == http.StatusOK {
			up++
		}
	}
	return up
}

func WaitReady(url string) error {
	for i := 0; i < 10; i++ {
		resp, err := http.DefaultClient.Get(url)
		if err == nil && resp.StatusCode == http.StatusOK {
			resp.Body.Close()
			return nil
		}
		if err == nil {
			return fmt.Errorf("not ready: %d", resp.StatusCode) // want `returns with the body of .resp. still open`
		}
		time.Sleep(time.Second)
	}
	return fmt.Errorf("timeout")
}
