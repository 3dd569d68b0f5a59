package outscale

import "github.com/watchword/watchword/internal/identity"

// icuAccount is the account as ICU's ReadAccount answers it: OAPI's, with
// AccountPid for AccountId.
type icuAccount struct {
	AccountPid string `json:"AccountPid"`
	accountProfile
}

func toICUAccount(a *identity.Account) icuAccount {
	return icuAccount{AccountPid: a.ID, accountProfile: toAccountProfile(a.Profile)}
}

// icuAccessKey is ICU's lower-camel access key. secretAccessKey is only
// ever filled by CreateAccessKey: the core shows a secret key once.
type icuAccessKey struct {
	AccessKeyID     string   `json:"accessKeyId"`
	SecretAccessKey string   `json:"secretAccessKey,omitempty"`
	Status          string   `json:"status"`
	CreateDate      string   `json:"createDate"`
	TouchDate       string   `json:"touchDate"`
	ExpirationDate  string   `json:"expirationDate,omitempty"`
	OwnerID         string   `json:"ownerId"`
	Tags            []icuTag `json:"tags"`
}

type icuTag struct {
	Key   string `json:"key"`
	Value string `json:"value"`
}

func toICUAccessKey(k *identity.AccessKey) icuAccessKey {
	out := icuAccessKey{AccessKeyID: k.ID, Status: string(k.State), CreateDate: formatDate(k.CreatedAt),
		TouchDate: formatDate(k.UpdatedAt), ExpirationDate: formatDate(k.ExpiresAt), OwnerID: k.AccountID, Tags: []icuTag{}}
	if k.Tag != "" {
		out.Tags = append(out.Tags, icuTag{Key: "Name", Value: k.Tag})
	}
	return out
}

// icuAccountResponse answers ReadAccount and UpdateAccount.
type icuAccountResponse struct {
	Account          icuAccount       `json:"Account"`
	ResponseMetadata responseMetadata `json:"ResponseMetadata"`
}

// icuAccessKeyResponse answers the calls about one access key.
type icuAccessKeyResponse struct {
	AccessKey        icuAccessKey     `json:"accessKey"`
	ResponseMetadata responseMetadata `json:"ResponseMetadata"`
}

// icuReturnResponse answers calls whose only result is success.
type icuReturnResponse struct {
	Return           bool             `json:"Return"`
	ResponseMetadata responseMetadata `json:"ResponseMetadata"`
}
