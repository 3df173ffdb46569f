/**
 * What each default escalation is for and which public rule it follows: read by
 * people, the README, `npm run rules` and the tests, never by the Lambda (so the
 * bundle does not carry the text). A test holds the keys to the ids of
 * DEFAULT_ESCALATIONS.
 */
export const ESCALATION_NOTES: Readonly<Record<string, string>> = {
  anonymizing_proxy:
    'Request came through an anonymising proxy, VPN or Tor (Panther Okta.Anonymizing.VPN.Login; Sigma Okta Admin Functions Access Through Proxy)',
  sign_in_via_proxy:
    'Sign-in through an anonymising proxy (Sigma Okta User Session Start Via An Anonymising Proxy Service)',
  apple_private_relay:
    'Proxy is Apple iCloud Private Relay: tagged, not escalated (Panther Okta.Anonymizing.VPN.Login)',
  threat_suspected:
    'Okta ThreatInsight flagged a request it did not block (Elastic Okta ThreatInsight Threat Suspected Promotion)',
  risk_high:
    'Okta assessed the risk as HIGH (Elastic severity mapping; Okta ITP User Risk Changed to High)',
  risk_medium:
    'Okta assessed the risk as MEDIUM (Elastic severity mapping)',
  new_device:
    'Okta behaviour detection: first sign-in from this device (Elastic New Okta Authentication Behavior Detected; Okta)',
  new_location:
    'Okta behaviour detection: new IP, location or impossible velocity (Elastic New Okta Authentication Behavior Detected)',
  admin_console_new_behavior:
    'Admin Console reached with a new behaviour (Sigma Okta New Admin Console Behaviours; Panther Okta.New.Behavior.Accessing.Admin.Console)',
  admin_console_weak_factor:
    'Admin Console reached with a weak factor: password, e-mail, SMS or security question (Okta Access to Admin Console with Weak MFA Factor)',
  sign_in_failed:
    'Failed sign-in or authentication (Elastic Okta Admin Console Login Failure, building block)',
  password_in_username:
    'Failed sign-in whose username is not a login: likely a password typed into it (Sigma Potential Okta Password in AlternateID Field)',
  admin_console_denied:
    'Access to the Admin Console denied (Okta Access to Admin Console Denied)',
  fastpass_phishing:
    'Okta FastPass blocked a phishing (AiTM) sign-in (Sigma, Panther, Elastic, Splunk, Okta)',
  fastpass_suspicious_binary:
    'FastPass invoked over loopback by an unsigned or non-browser binary (Okta FastPass Auth via Suspicious Binary)',
  mfa_abandoned:
    'MFA challenge left unanswered: a push-fatigue signal (Okta Suspicious MFA Abandonment, single event)',
  mfa_self_reset:
    'A user reset their own factor: informational (Panther Okta.User.MFA.Reset.Single)',
  super_admin_role:
    'Super or Organization administrator granted or revoked (Panther Okta.AdminRoleAssigned; Okta New Okta Super or Organization Admin Created or Removed)',
  okta_support_reset:
    'Credential change made by Okta support (Panther Okta.Support.Reset)',
  threatinsight_high:
    'ThreatInsight detection rated HIGH and not blocked (Panther Okta.ThreatInsight.Security.Threat.Detected)',
  threatinsight_critical:
    'ThreatInsight detection rated CRITICAL and not blocked (Panther Okta.ThreatInsight.Security.Threat.Detected)',
  threatinsight_denied:
    'ThreatInsight already blocked the request: informational (Panther Okta.ThreatInsight.Security.Threat.Detected)',
  itp_risk_detection:
    'Identity Threat Protection: push bombing, session hijack, threat intelligence or high risk (Okta ITP detections)',
  protected_action_super_admin_reset:
    'Protected action: resetting a super administrator password (Okta Protected Action Super Admin Password Reset)',
  mfa_downgrade_policy:
    'Authentication policy rule changed from two factors to one (Okta Authentication Policy MFA Downgrade)',
  scim_password_push:
    'Application set to push user passwords (Panther Okta.Password.Extraction.via.SCIM)',
  org2org_app_created:
    'Org2Org application created (Panther Okta.Org2org.Creation.Modification)',
  org2org_app:
    'Org2Org application changed or activated (Panther Okta.Org2org.Creation.Modification)',
  api_token_any_network:
    'API token usable from any network (Okta API Token Excessive Network Access)',
  oauth_mismatched_redirect:
    'OAuth request with a redirect URI the app does not allow (Okta Oauth Mismatched Redirect URI)',
  oauth_public_client_scope_denied:
    'Public client asked for a scope it has not got (Elastic Unauthorized Scope for Public App OAuth2 Token Grant, single event)',
  password_health_report:
    'Password health report read (Sigma Okta Password Health Report Query)',
  okta_breach_2023_ioc:
    'Account name from the 2023 Okta support breach (Sigma Okta 2023 Breach Indicator Of Compromise)',
};
