// Chain names are branded so that a plain string (a comment, an IP) can never be passed where a
// chain is meant; only the functions that know kube-proxy's naming rules mint them.
declare const chainNameBrand: unique symbol;
export type ChainName = string & { readonly [chainNameBrand]: true };

export function chainName(name: string): ChainName {
  return name as ChainName;
}

/** Chains kube-proxy always owns, whatever the services. */
export const FixedChain = {
  services: chainName("KUBE-SERVICES"),
  externalServices: chainName("KUBE-EXTERNAL-SERVICES"),
  forward: chainName("KUBE-FORWARD"),
  nodePorts: chainName("KUBE-NODEPORTS"),
  proxyFirewall: chainName("KUBE-PROXY-FIREWALL"),
  firewall: chainName("KUBE-FIREWALL"),
  postrouting: chainName("KUBE-POSTROUTING"),
  markMasq: chainName("KUBE-MARK-MASQ"),
} as const;

/** Netfilter's built-in chains, which exist before any payload is loaded. */
export const BuiltinChain = {
  prerouting: chainName("PREROUTING"),
  input: chainName("INPUT"),
  forward: chainName("FORWARD"),
  output: chainName("OUTPUT"),
  postrouting: chainName("POSTROUTING"),
} as const;
